package org.pmos.crypto.attestation;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;

/** DER encoding and parsing of {@link KeyDescription}, with Bouncy Castle's ASN.1 classes. */
public final class KeyDescriptionCodec {
    /** Real KeyDescriptions are a few hundred bytes to a few KiB (application ids with many signers). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** 500 (Android 17) keeps the 400 layout; newer tags land in {@code unknownTags}. */
    public static final Set<Integer> SUPPORTED_VERSIONS = Set.of(3, 4, 100, 200, 300, 400, 500);

    private KeyDescriptionCodec() {}

    /** The DER of {@code d}, in the layout KeyMint emits (authorization tags in ascending order). */
    public static byte[] encode(KeyDescription d) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(d.attestationVersion()));
        v.add(new ASN1Enumerated(d.attestationSecurityLevel().value()));
        v.add(new ASN1Integer(d.keyMintVersion()));
        v.add(new ASN1Enumerated(d.keyMintSecurityLevel().value()));
        v.add(new DEROctetString(d.attestationChallenge()));
        v.add(new DEROctetString(d.uniqueId()));
        v.add(encode(d.softwareEnforced()));
        v.add(encode(d.hardwareEnforced()));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    private static DERSequence encode(AuthorizationList list) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (AuthorizationTag tag : list.tags()) {
            Object value = list.rawValue(tag);
            ASN1Primitive inner = switch (tag.type()) {
                case INTEGER -> new ASN1Integer((Long) value);
                case INTEGER_SET -> {
                    ASN1EncodableVector members = new ASN1EncodableVector();
                    for (Long m : list.integerSet(tag)) {
                        members.add(new ASN1Integer(m));
                    }
                    yield new DERSet(members);
                }
                case NULL -> DERNull.INSTANCE;
                case OCTETS -> new DEROctetString((byte[]) value);
                case ROOT_OF_TRUST -> {
                    RootOfTrust r = (RootOfTrust) value;
                    yield new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                        new DEROctetString(r.verifiedBootKey()), ASN1Boolean.getInstance(r.deviceLocked()),
                        new ASN1Enumerated(r.verifiedBootState().value()), new DEROctetString(r.verifiedBootHash())});
                }
            };
            v.add(new DERTaggedObject(true, tag.tag(), inner));
        }
        return new DERSequence(v);
    }

    /** Parses the extension's value (the contents of its OCTET STRING). */
    public static KeyDescription parse(byte[] der) throws MalformedAttestationException {
        if (der.length > MAX_LENGTH) {
            throw new MalformedAttestationException("KeyDescription of " + der.length + " bytes exceeds " + MAX_LENGTH);
        }
        try {
            return parseStructure(readSingle(der, "KeyDescription"));
        } catch (RuntimeException e) {
            // Bouncy Castle reports some encoding faults as unchecked exceptions: still malformed.
            throw new MalformedAttestationException("KeyDescription does not decode: " + e.getMessage());
        }
    }

    private static KeyDescription parseStructure(ASN1Primitive p) throws MalformedAttestationException {
        if (!(p instanceof ASN1Sequence seq)) {
            throw new MalformedAttestationException("KeyDescription is not a SEQUENCE");
        }
        if (seq.size() < 1) {
            throw new MalformedAttestationException("KeyDescription is empty");
        }
        long version = integer(seq.getObjectAt(0).toASN1Primitive(), "attestationVersion");
        if (!SUPPORTED_VERSIONS.contains((int) version) || version != (int) version) {
            throw MalformedAttestationException.unsupportedVersion(version);
        }
        if (seq.size() != 8) {
            throw new MalformedAttestationException("KeyDescription has " + seq.size() + " fields, not 8");
        }
        return new KeyDescription(
                (int) version,
                SecurityLevel.fromValue(enumerated(seq.getObjectAt(1).toASN1Primitive(), "attestationSecurityLevel")),
                (int) integer(seq.getObjectAt(2).toASN1Primitive(), "keyMintVersion"),
                SecurityLevel.fromValue(enumerated(seq.getObjectAt(3).toASN1Primitive(), "keyMintSecurityLevel")),
                octets(seq.getObjectAt(4).toASN1Primitive(), "attestationChallenge"),
                octets(seq.getObjectAt(5).toASN1Primitive(), "uniqueId"),
                authorizationList(seq.getObjectAt(6).toASN1Primitive(), "softwareEnforced"),
                authorizationList(seq.getObjectAt(7).toASN1Primitive(), "hardwareEnforced"));
    }

    private static AuthorizationList authorizationList(ASN1Primitive p, String field) throws MalformedAttestationException {
        if (!(p instanceof ASN1Sequence seq)) {
            throw new MalformedAttestationException(field + " is not a SEQUENCE");
        }
        AuthorizationList.Builder b = AuthorizationList.builder();
        // Tags are read in any order: DER wants them ascending, but devices have shipped otherwise.
        for (int i = 0; i < seq.size(); i++) {
            if (!(seq.getObjectAt(i) instanceof ASN1TaggedObject t) || t.getTagClass() != BERTags.CONTEXT_SPECIFIC) {
                throw new MalformedAttestationException(field + " element " + i + " is not a context-specific tagged value");
            }
            int tagNo = t.getTagNo();
            String name = field + "." + tagNo;
            if (!t.isExplicit()) {
                throw new MalformedAttestationException(name + " is not EXPLICIT");
            }
            ASN1Primitive inner = t.getExplicitBaseObject().toASN1Primitive();
            AuthorizationTag tag = AuthorizationTag.byTag(tagNo);
            if (tag == null) {
                try {
                    b.unknown(tagNo, inner.getEncoded(ASN1Encoding.DER));
                } catch (IOException e) {
                    throw new MalformedAttestationException(name + " cannot be re-encoded");
                }
                continue;
            }
            name = field + "." + tag.jsonName();
            if (b.has(tag) && tag.type() != AuthorizationTag.Type.INTEGER_SET) {
                throw new MalformedAttestationException(name + " appears twice");
            }
            switch (tag.type()) {
                case INTEGER -> b.integer(tag, integer(inner, name));
                case INTEGER_SET -> {
                    if (!(inner instanceof ASN1Set set)) {
                        throw new MalformedAttestationException(name + " is not a SET OF INTEGER");
                    }
                    // A repeated SET for the same tag is merged (seen on real devices).
                    List<Long> members = new ArrayList<>(b.has(tag) ? listOf(b.get(tag)) : List.of());
                    for (int j = 0; j < set.size(); j++) {
                        members.add(integer(set.getObjectAt(j).toASN1Primitive(), name));
                    }
                    b.integers(tag, members);
                }
                case NULL -> {
                    if (!(inner instanceof ASN1Null)) {
                        throw new MalformedAttestationException(name + " is not NULL");
                    }
                    b.flag(tag);
                }
                case OCTETS -> b.bytes(tag, octets(inner, name));
                case ROOT_OF_TRUST -> b.rootOfTrust(rootOfTrust(inner, name));
            }
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static List<Long> listOf(Object o) {
        return (List<Long>) o;
    }

    private static RootOfTrust rootOfTrust(ASN1Primitive p, String name) throws MalformedAttestationException {
        // Keymaster 2 had three fields; verifiedBootHash came with attestation version 3.
        if (!(p instanceof ASN1Sequence seq) || seq.size() < 3 || seq.size() > 4) {
            throw new MalformedAttestationException(name + " is not a SEQUENCE of 3 or 4 fields");
        }
        byte[] key = octets(seq.getObjectAt(0).toASN1Primitive(), name + ".verifiedBootKey");
        if (!(seq.getObjectAt(1) instanceof ASN1Boolean locked)) {
            throw new MalformedAttestationException(name + ".deviceLocked is not a BOOLEAN");
        }
        VerifiedBootState state = VerifiedBootState.fromValue(enumerated(seq.getObjectAt(2).toASN1Primitive(), name + ".verifiedBootState"));
        byte[] hash = seq.size() == 4 ? octets(seq.getObjectAt(3).toASN1Primitive(), name + ".verifiedBootHash") : new byte[0];
        return new RootOfTrust(key, locked.isTrue(), state, hash);
    }

    private static long integer(ASN1Primitive p, String name) throws MalformedAttestationException {
        if (!(p instanceof ASN1Integer i)) {
            throw new MalformedAttestationException(name + " is not an INTEGER");
        }
        return toLong(i.getValue(), name);
    }

    /** ENUMERATED per the schema; INTEGER is accepted too (early Keymaster implementations used it). */
    private static long enumerated(ASN1Primitive p, String name) throws MalformedAttestationException {
        if (p instanceof ASN1Enumerated e) {
            return toLong(e.getValue(), name);
        }
        if (p instanceof ASN1Integer i) {
            return toLong(i.getValue(), name);
        }
        throw new MalformedAttestationException(name + " is not ENUMERATED");
    }

    private static long toLong(BigInteger v, String name) throws MalformedAttestationException {
        if (v.bitLength() > 63) {
            throw new MalformedAttestationException(name + " does not fit 64 bits");
        }
        return v.longValue();
    }

    private static byte[] octets(ASN1Primitive p, String name) throws MalformedAttestationException {
        if (!(p instanceof ASN1OctetString o)) {
            throw new MalformedAttestationException(name + " is not an OCTET STRING");
        }
        return o.getOctets();
    }

    /** Exactly one DER/BER object, nothing after it. */
    static ASN1Primitive readSingle(byte[] der, String what) throws MalformedAttestationException {
        // Not lazy: a lazily parsed sequence would throw its errors later, outside this check.
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive p = in.readObject();
            if (p == null) {
                throw new MalformedAttestationException(what + " is empty");
            }
            if (in.readObject() != null) {
                throw new MalformedAttestationException(what + " has trailing bytes");
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw new MalformedAttestationException(what + " is not valid DER: " + e.getMessage());
        }
    }
}
