package org.pmos.image.erofs;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** A sample tree: nested directories, empty, small, block-sized and multi-block files, a big directory, a symlink. */
final class ErofsSamples {
    private ErofsSamples() {}

    static SortedMap<String, byte[]> files() {
        SortedMap<String, byte[]> f = new TreeMap<>();
        Random r = new Random(11);
        f.put("build.prop", "ro.build.version=1\nro.product=zte_p1\n".getBytes(StandardCharsets.UTF_8));
        f.put("etc/empty", new byte[0]);
        byte[] block = new byte[4096];
        r.nextBytes(block);
        f.put("etc/security/block.bin", block);
        byte[] big = new byte[3 * 4096 + 77];
        r.nextBytes(big);
        f.put("priv-app/Chat/Chat.apk", big);
        f.put("-dash-sorts-before-dot", new byte[] {1});
        for (int i = 0; i < 400; i++) {
            f.put("many/file-with-a-long-name-number-" + i, ("content " + i).getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    static ErofsWriter writer() {
        ErofsWriter w = new ErofsWriter().epochSeconds(1_700_000_000L).volumeName("system");
        files().forEach(w::addFile);
        w.addSymlink("etc/link", "security/block.bin");
        return w;
    }
}
