package org.pmos.crypto.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;

/** Everything the verifier read from a chain, for the verdict's caller and for {@link #toJson()}. */
public final class AttestationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    /** One certificate of the chain, leaf first. */
    public record CertificateSummary(int index, String subject, String issuer, BigInteger serialNumber,
            Instant notBefore, Instant notAfter, String publicKeyAlgorithm, String signatureAlgorithm,
            boolean hasKeyDescription, Optional<RevocationList.Entry> revocation) {}

    private final List<CertificateSummary> chain;
    private final boolean anchored;
    private final Optional<KeyDescription> keyDescription;
    private final List<String> tolerated;

    AttestationReport(List<CertificateSummary> chain, boolean anchored, Optional<KeyDescription> keyDescription, List<String> tolerated) {
        this.chain = List.copyOf(chain);
        this.anchored = anchored;
        this.keyDescription = keyDescription;
        this.tolerated = List.copyOf(tolerated);
    }

    /** Deviations from strict RFC 5280 that were accepted (see the module README), one line each. */
    public List<String> tolerated() {
        return tolerated;
    }

    public List<CertificateSummary> chain() {
        return chain;
    }

    /** Whether the chain ended at a pinned trust anchor. */
    public boolean anchored() {
        return anchored;
    }

    public Optional<KeyDescription> keyDescription() {
        return keyDescription;
    }

    /** The hardware-enforced root of trust, if the KeyDescription was read and has one. */
    public Optional<RootOfTrust> rootOfTrust() {
        return keyDescription.flatMap(d -> d.hardwareEnforced().rootOfTrust());
    }

    /** All parsed fields as JSON (field names from the KeyDescription ASN.1 schema). */
    public String toJson() {
        return write(tree());
    }

    String toJson(AttestationResult verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("verdict", verdict.isVerified() ? "VERIFIED" : "REJECTED");
        if (verdict instanceof AttestationResult.Rejected r) {
            root.put("reason", r.reason().name());
            root.put("detail", r.detail());
        }
        root.set("report", tree());
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report JSON", e);
        }
    }

    private ObjectNode tree() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode certs = root.putArray("chain");
        for (CertificateSummary c : chain) {
            ObjectNode n = certs.addObject();
            n.put("index", c.index());
            n.put("subject", c.subject());
            n.put("issuer", c.issuer());
            n.put("serialNumber", c.serialNumber().toString(16));
            n.put("notBefore", c.notBefore().toString());
            n.put("notAfter", c.notAfter().toString());
            n.put("publicKeyAlgorithm", c.publicKeyAlgorithm());
            n.put("signatureAlgorithm", c.signatureAlgorithm());
            n.put("hasKeyDescription", c.hasKeyDescription());
            c.revocation().ifPresent(r -> {
                ObjectNode rn = n.putObject("revocation");
                rn.put("status", r.status());
                r.reason().ifPresent(v -> rn.put("reason", v));
                r.comment().ifPresent(v -> rn.put("comment", v));
            });
        }
        root.put("anchored", anchored);
        if (!tolerated.isEmpty()) {
            ArrayNode t = root.putArray("tolerated");
            tolerated.forEach(t::add);
        }
        keyDescription.ifPresent(d -> {
            ObjectNode n = root.putObject("keyDescription");
            n.put("attestationVersion", d.attestationVersion());
            n.put("attestationSecurityLevel", d.attestationSecurityLevel().name());
            n.put("keyMintVersion", d.keyMintVersion());
            n.put("keyMintSecurityLevel", d.keyMintSecurityLevel().name());
            n.put("attestationChallenge", HEX.formatHex(d.attestationChallenge()));
            n.put("uniqueId", HEX.formatHex(d.uniqueId()));
            authorizationList(n.putObject("softwareEnforced"), d.softwareEnforced());
            authorizationList(n.putObject("hardwareEnforced"), d.hardwareEnforced());
        });
        return root;
    }

    private static void authorizationList(ObjectNode n, AuthorizationList list) {
        for (AuthorizationTag tag : list.tags()) {
            String name = tag.jsonName();
            switch (tag.type()) {
                case INTEGER -> n.put(name, list.integer(tag).orElseThrow());
                case INTEGER_SET -> {
                    ArrayNode a = n.putArray(name);
                    list.integerSet(tag).forEach(a::add);
                }
                case NULL -> n.put(name, true);
                case OCTETS -> {
                    byte[] b = list.bytes(tag).orElseThrow();
                    if (tag.isAttestationId()) {
                        n.put(name, utf8(b).orElse(HEX.formatHex(b)));
                    } else if (tag == AuthorizationTag.ATTESTATION_APPLICATION_ID) {
                        applicationId(n.putObject(name), b);
                    } else {
                        n.put(name, HEX.formatHex(b));
                    }
                }
                case ROOT_OF_TRUST -> {
                    RootOfTrust r = list.rootOfTrust().orElseThrow();
                    ObjectNode rn = n.putObject(name);
                    rn.put("verifiedBootKey", HEX.formatHex(r.verifiedBootKey()));
                    rn.put("deviceLocked", r.deviceLocked());
                    rn.put("verifiedBootState", r.verifiedBootState().name());
                    rn.put("verifiedBootHash", HEX.formatHex(r.verifiedBootHash()));
                }
            }
        }
        if (!list.unknownTags().isEmpty()) {
            ObjectNode u = n.putObject("unknownTags");
            for (Map.Entry<Integer, byte[]> e : list.unknownTags().entrySet()) {
                u.put(Integer.toString(e.getKey()), HEX.formatHex(e.getValue()));
            }
        }
    }

    /**
     * {@code AttestationApplicationId ::= SEQUENCE { package_infos SET OF SEQUENCE { package_name
     * OCTET STRING, version INTEGER }, signature_digests SET OF OCTET STRING }}; the raw hex is
     * always given, the decoded form when it parses.
     */
    private static void applicationId(ObjectNode n, byte[] der) {
        n.put("hex", HEX.formatHex(der));
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(KeyDescriptionCodec.readSingle(der, "attestationApplicationId"));
            ArrayNode packages = n.putArray("packageInfos");
            for (ASN1Encodable p : ASN1Set.getInstance(seq.getObjectAt(0))) {
                ASN1Sequence info = ASN1Sequence.getInstance(p);
                ObjectNode pn = packages.addObject();
                byte[] name = ASN1OctetString.getInstance(info.getObjectAt(0)).getOctets();
                pn.put("packageName", utf8(name).orElse(HEX.formatHex(name)));
                pn.put("version", ASN1Integer.getInstance(info.getObjectAt(1)).getValue());
            }
            ArrayNode digests = n.putArray("signatureDigests");
            for (ASN1Encodable d : ASN1Set.getInstance(seq.getObjectAt(1))) {
                digests.add(HEX.formatHex(ASN1OctetString.getInstance(d).getOctets()));
            }
        } catch (MalformedAttestationException | RuntimeException e) {
            n.remove("packageInfos");
            n.remove("signatureDigests");
            n.put("decodeError", e.getMessage());
        }
    }

    private static Optional<String> utf8(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
            return s.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f) ? Optional.of(s) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
