package org.pmos.image.sparse;

import java.util.Arrays;
import java.util.Random;

/** Flat test images with every kind of block: random data, zeros, repeated words, a short tail. */
final class SparseImages {
    private SparseImages() {}

    static byte[] mixed(long seed, int tail) {
        Random r = new Random(seed);
        int bs = 4096;
        byte[] img = new byte[bs * 12 + tail];
        r.nextBytes(img);
        Arrays.fill(img, 2 * bs, 5 * bs, (byte) 0);
        for (int i = 5 * bs; i < 7 * bs; i += 4) {
            img[i] = 1; img[i + 1] = 2; img[i + 2] = 3; img[i + 3] = 4;
        }
        for (int i = 8 * bs; i < 9 * bs; i += 4) {
            img[i] = 1; img[i + 1] = 2; img[i + 2] = 3; img[i + 3] = 4;
        }
        Arrays.fill(img, 10 * bs, 11 * bs, (byte) 0x5a);
        return img;
    }
}
