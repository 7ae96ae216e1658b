package org.pmos.chat.relay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmos.chat.protocol.Delivery;

class RocksDbRelayStoreTest {
    @TempDir
    Path dir;

    static Delivery d(long seq) {
        return Delivery.newBuilder().setSeq(seq).setPayload(ByteString.copyFromUtf8("p" + seq)).build();
    }

    @Test
    void committedBatchesSurviveReopenInSequenceOrder() throws Exception {
        ByteString g = ByteString.copyFromUtf8("g");
        try (RocksDbRelayStore s = RocksDbRelayStore.open(dir)) {
            RelayStore.Batch b = s.newBatch();
            for (long i = 1; i <= 300; i++) { // past 255: the key order must be numeric
                b.enqueue("dev", d(i));
            }
            b.enqueue("dev-other", d(1));
            b.lastSeq("dev", 300);
            b.putGroup(GroupRecord.newBuilder().setGroupId(g).setEpoch(3).addMembers("dev").build());
            b.putCommit(g, 0, d(0));
            b.putCommit(g, 1, d(1));
            b.putKeyPackages("dev", KeyPackageRecord.newBuilder().setLastResort(ByteString.copyFromUtf8("lr")).build());
            s.commit(b);
        }
        try (RocksDbRelayStore s = RocksDbRelayStore.open(dir)) {
            List<Delivery> q = s.queue("dev", 0, 1000);
            assertEquals(300, q.size());
            for (int i = 0; i < q.size(); i++) {
                assertEquals(i + 1, q.get(i).getSeq());
            }
            assertEquals(300, s.lastSeq("dev"));
            assertEquals(0, s.lastSeq("nobody"));
            assertEquals(3, s.group(g).orElseThrow().getEpoch());
            assertEquals(List.of(0L, 1L), s.commits(g, 0, 2).stream().map(Delivery::getSeq).toList());
            assertEquals("lr", s.keyPackages("dev").orElseThrow().getLastResort().toStringUtf8());

            RelayStore.Batch ack = s.newBatch();
            ack.ack("dev", 1, 299);
            s.commit(ack);
            assertEquals(List.of(300L), s.queue("dev", 0, 1000).stream().map(Delivery::getSeq).toList());
            assertEquals(1, s.queue("dev-other", 0, 10).size(), "another device's queue is untouched");
            assertTrue(s.queue("dev", 300, 10).isEmpty());
        }
    }
}
