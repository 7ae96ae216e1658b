package org.pmos.image.vbmeta;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pmos.image.ImageFormatException;
import org.pmos.image.io.ByteReader;

/**
 * Encodes and decodes vbmeta descriptors exactly as avbtool lays them out (big-endian,
 * body padded with zeros to a multiple of 8). Decoding checks every length against the
 * descriptor's own size and requires that size to be exactly the padded content, so
 * {@code encode(decode(x)) == x}.
 */
public final class DescriptorCodec {
    private static final int HEADER = 16;
    private static final int PROPERTY_FIXED = 32 - HEADER;
    private static final int HASHTREE_FIXED = 180 - HEADER;
    private static final int HASH_FIXED = 132 - HEADER;
    private static final int CMDLINE_FIXED = 24 - HEADER;
    private static final int CHAIN_FIXED = 92 - HEADER;

    private DescriptorCodec() {}

    /** Decodes the descriptor area {@code buf[off, off+len)}, which must hold whole descriptors only. */
    public static List<Descriptor> decodeAll(byte[] buf, int off, int len) throws ImageFormatException {
        ByteReader r = new ByteReader(buf, off, len, ByteOrder.BIG_ENDIAN, "vbmeta descriptors");
        List<Descriptor> out = new ArrayList<>();
        while (r.remaining() > 0) {
            int index = out.size();
            long tag = r.u64("descriptor " + index + " tag");
            long following = r.u64("descriptor " + index + " size");
            if (following % 8 != 0) {
                throw new ImageFormatException("descriptor " + index + ": size " + following + " is not a multiple of 8");
            }
            byte[] body = r.bytes(following, "descriptor " + index + " body");
            out.add(decodeBody(tag, body, "descriptor " + index));
        }
        return List.copyOf(out);
    }

    /** Decodes one serialized descriptor (header included) that must span all of {@code encoded}. */
    public static Descriptor decode(byte[] encoded) throws ImageFormatException {
        List<Descriptor> all = decodeAll(encoded, 0, encoded.length);
        if (all.size() != 1) {
            throw new ImageFormatException("expected exactly one descriptor, found " + all.size());
        }
        return all.get(0);
    }

    private static Descriptor decodeBody(long tag, byte[] body, String what) throws ImageFormatException {
        ByteReader r = ByteReader.bigEndian(body, what);
        Descriptor d;
        int content;
        if (tag == Descriptor.TAG_PROPERTY) {
            long keyLen = r.u64("key length");
            long valueLen = r.u64("value length");
            byte[] key = r.bytes(keyLen, "key");
            expectNul(r, what, "key");
            byte[] value = r.bytes(valueLen, "value");
            expectNul(r, what, "value");
            content = PROPERTY_FIXED + (int) keyLen + (int) valueLen + 2;
            d = new PropertyDescriptor(utf8(key), value);
        } else if (tag == Descriptor.TAG_HASHTREE) {
            int version = r.u32AsInt("dm_verity_version");
            long imageSize = r.u64("image_size");
            long treeOffset = r.u64("tree_offset");
            long treeSize = r.u64("tree_size");
            int dataBlock = r.u32AsInt("data_block_size");
            int hashBlock = r.u32AsInt("hash_block_size");
            int fecRoots = r.u32AsInt("fec_num_roots");
            long fecOffset = r.u64("fec_offset");
            long fecSize = r.u64("fec_size");
            String alg = r.paddedString(32, "hash_algorithm");
            int nameLen = r.u32AsInt("partition_name_len");
            int saltLen = r.u32AsInt("salt_len");
            int rootLen = r.u32AsInt("root_digest_len");
            int flags = (int) r.u32("flags");
            r.skip(60, "reserved");
            String name = utf8(r.bytes(nameLen, "partition name"));
            byte[] salt = r.bytes(saltLen, "salt");
            byte[] root = r.bytes(rootLen, "root digest");
            content = HASHTREE_FIXED + nameLen + saltLen + rootLen;
            d = new HashtreeDescriptor(version, imageSize, treeOffset, treeSize, dataBlock, hashBlock, fecRoots,
                    fecOffset, fecSize, alg, name, salt, root, flags);
        } else if (tag == Descriptor.TAG_HASH) {
            long imageSize = r.u64("image_size");
            String alg = r.paddedString(32, "hash_algorithm");
            int nameLen = r.u32AsInt("partition_name_len");
            int saltLen = r.u32AsInt("salt_len");
            int digestLen = r.u32AsInt("digest_len");
            int flags = (int) r.u32("flags");
            r.skip(60, "reserved");
            String name = utf8(r.bytes(nameLen, "partition name"));
            byte[] salt = r.bytes(saltLen, "salt");
            byte[] digest = r.bytes(digestLen, "digest");
            content = HASH_FIXED + nameLen + saltLen + digestLen;
            d = new HashDescriptor(imageSize, alg, name, salt, digest, flags);
        } else if (tag == Descriptor.TAG_KERNEL_CMDLINE) {
            int flags = (int) r.u32("flags");
            int len = r.u32AsInt("kernel_cmdline_length");
            String cmdline = utf8(r.bytes(len, "kernel cmdline"));
            content = CMDLINE_FIXED + len;
            d = new KernelCmdlineDescriptor(flags, cmdline);
        } else if (tag == Descriptor.TAG_CHAIN_PARTITION) {
            int location = r.u32AsInt("rollback_index_location");
            int nameLen = r.u32AsInt("partition_name_len");
            int keyLen = r.u32AsInt("public_key_len");
            int flags = (int) r.u32("flags");
            r.skip(60, "reserved");
            String name = utf8(r.bytes(nameLen, "partition name"));
            byte[] key = r.bytes(keyLen, "public key");
            content = CHAIN_FIXED + nameLen + keyLen;
            d = new ChainPartitionDescriptor(location, name, key, flags);
        } else {
            return new UnknownDescriptor(tag, body);
        }
        if (pad8(content) != body.length) {
            throw new ImageFormatException(what + ": size " + body.length + " does not match its content (" + content + " bytes)");
        }
        for (int i = content; i < body.length; i++) {
            if (body[i] != 0) {
                throw new ImageFormatException(what + ": non-zero padding");
            }
        }
        return d;
    }

    private static void expectNul(ByteReader r, String what, String field) throws ImageFormatException {
        if (r.u8(field + " terminator") != 0) {
            throw new ImageFormatException(what + ": " + field + " is not NUL-terminated");
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long pad8(long n) {
        return (n + 7) & ~7L;
    }

    /** Encodes one descriptor, header included. */
    public static byte[] encode(Descriptor d) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (d instanceof PropertyDescriptor p) {
            byte[] key = bytes(p.key());
            byte[] value = p.value();
            body.writeBytes(ByteBuffer.allocate(16).putLong(key.length).putLong(value.length).array());
            body.writeBytes(key);
            body.write(0);
            body.writeBytes(value);
            body.write(0);
        } else if (d instanceof HashtreeDescriptor h) {
            byte[] name = bytes(h.partitionName());
            byte[] salt = h.salt();
            byte[] root = h.rootDigest();
            ByteBuffer b = ByteBuffer.allocate(HASHTREE_FIXED);
            b.putInt(h.dmVerityVersion()).putLong(h.imageSize()).putLong(h.treeOffset()).putLong(h.treeSize())
                    .putInt(h.dataBlockSize()).putInt(h.hashBlockSize()).putInt(h.fecNumRoots())
                    .putLong(h.fecOffset()).putLong(h.fecSize()).put(padded(h.hashAlgorithm(), 32))
                    .putInt(name.length).putInt(salt.length).putInt(root.length).putInt(h.flags());
            body.writeBytes(b.array());
            body.writeBytes(name);
            body.writeBytes(salt);
            body.writeBytes(root);
        } else if (d instanceof HashDescriptor h) {
            byte[] name = bytes(h.partitionName());
            byte[] salt = h.salt();
            byte[] digest = h.digest();
            ByteBuffer b = ByteBuffer.allocate(HASH_FIXED);
            b.putLong(h.imageSize()).put(padded(h.hashAlgorithm(), 32)).putInt(name.length).putInt(salt.length)
                    .putInt(digest.length).putInt(h.flags());
            body.writeBytes(b.array());
            body.writeBytes(name);
            body.writeBytes(salt);
            body.writeBytes(digest);
        } else if (d instanceof KernelCmdlineDescriptor k) {
            byte[] c = bytes(k.cmdline());
            body.writeBytes(ByteBuffer.allocate(8).putInt(k.flags()).putInt(c.length).array());
            body.writeBytes(c);
        } else if (d instanceof ChainPartitionDescriptor c) {
            byte[] name = bytes(c.partitionName());
            byte[] key = c.publicKey();
            ByteBuffer b = ByteBuffer.allocate(CHAIN_FIXED);
            b.putInt(c.rollbackIndexLocation()).putInt(name.length).putInt(key.length).putInt(c.flags());
            body.writeBytes(b.array());
            body.writeBytes(name);
            body.writeBytes(key);
        } else {
            body.writeBytes(((UnknownDescriptor) d).body());
        }
        int padded = (int) pad8(body.size());
        ByteBuffer out = ByteBuffer.allocate(HEADER + padded);
        out.putLong(d.tag()).putLong(padded).put(body.toByteArray());
        return out.array();
    }

    /** Encodes descriptors back to back. */
    public static byte[] encodeAll(List<? extends Descriptor> ds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Descriptor d : ds) {
            out.writeBytes(encode(d));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] padded(String s, int size) {
        byte[] b = bytes(s);
        if (b.length >= size) {
            throw new IllegalArgumentException("hash algorithm name too long: " + s);
        }
        return Arrays.copyOf(b, size);
    }
}
