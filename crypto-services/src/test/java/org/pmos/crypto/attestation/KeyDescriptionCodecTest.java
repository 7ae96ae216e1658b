package org.pmos.crypto.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyDescriptionCodecTest {
    static List<Integer> versions() {
        return List.of(3, 4, 100, 200, 300, 400, 500);
    }

    @ParameterizedTest(name = "attestation version {0}")
    @MethodSource("versions")
    void everySupportedVersionRoundTrips(int version) throws Exception {
        assertTrue(versions().size() > 0);
        KeyDescription d = KeyDescriptionVectors.description(version);
        byte[] der = KeyDescriptionCodec.encode(d);
        KeyDescription parsed = KeyDescriptionCodec.parse(der);
        assertEquals(version, parsed.attestationVersion());
        assertEquals(KeyDescriptionVectors.keyMintVersion(version), parsed.keyMintVersion());
        assertArrayEquals(der, KeyDescriptionCodec.encode(parsed));
        assertEquals(version >= 400, parsed.hardwareEnforced().bytes(AuthorizationTag.MODULE_HASH).isPresent());
        String json = new AttestationReport(List.of(), true, Optional.of(parsed), List.of()).toJson();
        assertTrue(json.contains("\"packageName\" : \"org.pmos.enroll\""), json);
    }

    @Test
    void versionsOutsideTheSupportedSetAreNamed() {
        for (int v : new int[] {1, 2, 5, 99, 600}) {
            byte[] der = KeyDescriptionCodec.encode(KeyDescriptionVectors.description(v));
            MalformedAttestationException e = assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(der));
            assertTrue(e.isUnsupportedVersion(), e.getMessage());
        }
    }

    @Test
    void everyTruncationAndTrailingByteIsRefusedCleanly() {
        byte[] der = KeyDescriptionCodec.encode(KeyDescriptionVectors.description(300));
        for (int n = 0; n < der.length; n++) {
            byte[] cut = Arrays.copyOf(der, n);
            assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(cut), "prefix " + n);
        }
        byte[] longer = Arrays.copyOf(der, der.length + 1);
        assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(longer));
        assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(new byte[KeyDescriptionCodec.MAX_LENGTH + 1]));
    }

    /** Real devices have emitted tags out of order and a SET tag twice; neither changes the meaning. */
    @Test
    void unorderedTagsAndRepeatedSetsAreTolerated() throws Exception {
        KeyDescription d = KeyDescriptionVectors.description(300);
        ASN1Sequence seq = ASN1Sequence.getInstance(KeyDescriptionCodec.encode(d));
        ASN1EncodableVector hw = new ASN1EncodableVector();
        hw.add(new DERTaggedObject(true, 503, DERNull.INSTANCE));
        hw.add(new DERTaggedObject(true, 1, new DERSet(new ASN1Integer(2))));
        hw.add(new DERTaggedObject(true, 1, new DERSet(new ASN1Integer(3))));
        hw.add(new DERTaggedObject(true, 9999, new ASN1Integer(5)));
        KeyDescription parsed = KeyDescriptionCodec.parse(replaceHardwareList(seq, new DERSequence(hw)));
        assertEquals(List.of(2L, 3L), parsed.hardwareEnforced().integerSet(AuthorizationTag.PURPOSE));
        assertTrue(parsed.hardwareEnforced().flag(AuthorizationTag.NO_AUTH_REQUIRED));
        assertEquals(List.of(9999), List.copyOf(parsed.hardwareEnforced().unknownTags().keySet()));
    }

    @Test
    void repeatedScalarTagsAndWrongTypesAreRefused() throws Exception {
        ASN1Sequence seq = ASN1Sequence.getInstance(KeyDescriptionCodec.encode(KeyDescriptionVectors.description(300)));
        ASN1EncodableVector twice = new ASN1EncodableVector();
        twice.add(new DERTaggedObject(true, 2, new ASN1Integer(3)));
        twice.add(new DERTaggedObject(true, 2, new ASN1Integer(1)));
        MalformedAttestationException e = assertThrows(MalformedAttestationException.class,
                () -> KeyDescriptionCodec.parse(replaceHardwareList(seq, new DERSequence(twice))));
        assertTrue(e.getMessage().contains("algorithm"), e.getMessage());
        ASN1EncodableVector wrongType = new ASN1EncodableVector();
        wrongType.add(new DERTaggedObject(true, 704, new ASN1Integer(1)));
        assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(replaceHardwareList(seq, new DERSequence(wrongType))));
        ASN1EncodableVector implicit = new ASN1EncodableVector();
        implicit.add(new DERTaggedObject(false, 503, DERNull.INSTANCE));
        assertThrows(MalformedAttestationException.class, () -> KeyDescriptionCodec.parse(replaceHardwareList(seq, new DERSequence(implicit))));
    }

    private static byte[] replaceHardwareList(ASN1Sequence seq, DERSequence hw) throws java.io.IOException {
        ASN1Encodable[] fields = seq.toArray();
        fields[7] = hw;
        return new DERSequence(fields).getEncoded();
    }
}
