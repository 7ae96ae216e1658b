package gov.police.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StorageStateStoreTest {
    @Test
    void roundTrips() throws Exception {
        Map<String, byte[]> m = new TreeMap<>(Map.of("group/6162", new byte[] {1, 2, 3}, "app/dir/bob", "ZTE-1".getBytes(),
                "empty", new byte[0]));
        TreeMap<String, byte[]> back = StorageStateStore.decode(StorageStateStore.encode(m));
        assertEquals(m.keySet(), back.keySet());
        m.forEach((k, v) -> assertArrayEquals(v, back.get(k)));
    }

    @Test
    void refusesDamagedState() {
        byte[] good = StorageStateStore.encode(Map.of("k", new byte[] {9, 9}));
        assertThrows(IOException.class, () -> StorageStateStore.decode(Arrays.copyOf(good, good.length - 1)), "truncated");
        assertThrows(IOException.class, () -> StorageStateStore.decode(Arrays.copyOf(good, good.length + 1)), "trailing");
        byte[] huge = good.clone();
        huge[0] = 0x7f;
        assertThrows(IOException.class, () -> StorageStateStore.decode(huge), "entry count");
        byte[] badLength = good.clone();
        badLength[4] = 0x7f;
        assertThrows(IOException.class, () -> StorageStateStore.decode(badLength), "key length");
    }
}
