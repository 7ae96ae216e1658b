package org.pmos.app.pkg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Android's binary XML (the format of a compiled {@code AndroidManifest.xml}), enough of it
 * for manifests: one namespace, elements, and string / integer / boolean attributes. Written
 * as aapt2 writes it: a UTF-16 string pool whose first entries are the attribute names that
 * carry framework resource ids (listed in the resource map), attributes sorted by resource id.
 * Android and apksig look attributes up by resource id, not by name.
 */
final class BinaryXmlWriter {
    private static final short RES_STRING_POOL_TYPE = 0x0001;
    private static final short RES_XML_TYPE = 0x0003;
    private static final short RES_XML_START_NAMESPACE_TYPE = 0x0100;
    private static final short RES_XML_END_NAMESPACE_TYPE = 0x0101;
    private static final short RES_XML_START_ELEMENT_TYPE = 0x0102;
    private static final short RES_XML_END_ELEMENT_TYPE = 0x0103;
    private static final short RES_XML_RESOURCE_MAP_TYPE = 0x0180;
    private static final byte TYPE_STRING = 0x03;
    private static final byte TYPE_INT_DEC = 0x10;
    private static final byte TYPE_INT_BOOLEAN = 0x12;
    private static final int NO_INDEX = -1;

    /** An attribute; {@code resourceId} 0 for attributes outside the framework (e.g. {@code package}). */
    record Attribute(String namespace, String name, int resourceId, byte type, String string, int value) {
        static Attribute string(String ns, String name, int resourceId, String value) {
            return new Attribute(ns, name, resourceId, TYPE_STRING, value, 0);
        }

        static Attribute integer(String ns, String name, int resourceId, int value) {
            return new Attribute(ns, name, resourceId, TYPE_INT_DEC, null, value);
        }

        static Attribute bool(String ns, String name, int resourceId, boolean value) {
            return new Attribute(ns, name, resourceId, TYPE_INT_BOOLEAN, null, value ? -1 : 0);
        }
    }

    private final List<String> strings = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<Integer> resourceIds = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int line = 1;

    /** Attribute names with resource ids must come first in the pool; declare them all up front. */
    BinaryXmlWriter(Map<String, Integer> attributeResourceIds) {
        attributeResourceIds.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            index.put(e.getKey(), strings.size());
            strings.add(e.getKey());
            resourceIds.add(e.getValue());
        });
    }

    private int str(String s) {
        if (s == null) {
            return NO_INDEX;
        }
        return index.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }

    void startNamespace(String prefix, String uri) {
        ByteBuffer b = chunk(RES_XML_START_NAMESPACE_TYPE, 16, 24);
        b.putInt(line++).putInt(NO_INDEX).putInt(str(prefix)).putInt(str(uri));
        body.writeBytes(b.array());
    }

    void endNamespace(String prefix, String uri) {
        ByteBuffer b = chunk(RES_XML_END_NAMESPACE_TYPE, 16, 24);
        b.putInt(line++).putInt(NO_INDEX).putInt(str(prefix)).putInt(str(uri));
        body.writeBytes(b.array());
    }

    void startElement(String name, List<Attribute> attributes) {
        List<Attribute> sorted = new ArrayList<>(attributes);
        // Framework attributes by resource id; plain ones (id 0) after them, by name.
        sorted.sort((a, c) -> a.resourceId() != c.resourceId()
                ? Integer.compareUnsigned(a.resourceId() == 0 ? -1 : a.resourceId(), c.resourceId() == 0 ? -1 : c.resourceId())
                : a.name().compareTo(c.name()));
        int size = 16 + 20 + 20 * sorted.size();
        ByteBuffer b = chunk(RES_XML_START_ELEMENT_TYPE, 16, size);
        b.putInt(line++).putInt(NO_INDEX);
        b.putInt(NO_INDEX).putInt(str(name));
        b.putShort((short) 20).putShort((short) 20).putShort((short) sorted.size());
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
        for (Attribute a : sorted) {
            b.putInt(str(a.namespace())).putInt(str(a.name()));
            b.putInt(a.type() == TYPE_STRING ? str(a.string()) : NO_INDEX);
            b.putShort((short) 8).put((byte) 0).put(a.type());
            b.putInt(a.type() == TYPE_STRING ? str(a.string()) : a.value());
        }
        body.writeBytes(b.array());
    }

    void endElement(String name) {
        ByteBuffer b = chunk(RES_XML_END_ELEMENT_TYPE, 16, 24);
        b.putInt(line++).putInt(NO_INDEX).putInt(NO_INDEX).putInt(str(name));
        body.writeBytes(b.array());
    }

    byte[] finish() {
        byte[] pool = stringPool();
        ByteBuffer map = chunk(RES_XML_RESOURCE_MAP_TYPE, 8, 8 + 4 * resourceIds.size());
        resourceIds.forEach(map::putInt);
        int total = 8 + pool.length + map.capacity() + body.size();
        ByteBuffer out = chunk(RES_XML_TYPE, 8, total);
        out.put(pool).put(map.array()).put(body.toByteArray());
        return out.array();
    }

    private byte[] stringPool() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int[] offsets = new int[strings.size()];
        for (int i = 0; i < strings.size(); i++) {
            offsets[i] = data.size();
            byte[] utf16 = strings.get(i).getBytes(StandardCharsets.UTF_16LE);
            int chars = utf16.length / 2;
            if (chars > 0x7fff) {
                throw new IllegalArgumentException("string too long for a manifest: " + chars + " characters");
            }
            data.write(chars & 0xff);
            data.write(chars >>> 8);
            data.writeBytes(utf16);
            data.write(0);
            data.write(0);
        }
        while (data.size() % 4 != 0) {
            data.write(0);
        }
        int header = 28;
        int stringsStart = header + 4 * strings.size();
        ByteBuffer b = chunk(RES_STRING_POOL_TYPE, header, stringsStart + data.size());
        b.putInt(strings.size()).putInt(0).putInt(0).putInt(stringsStart).putInt(0);
        for (int o : offsets) {
            b.putInt(o);
        }
        b.put(data.toByteArray());
        return b.array();
    }

    private static ByteBuffer chunk(short type, int headerSize, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(type).putShort((short) headerSize).putInt(size);
        return b;
    }
}
