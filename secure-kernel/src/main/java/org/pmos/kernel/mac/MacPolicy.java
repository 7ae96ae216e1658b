package org.pmos.kernel.mac;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pmos.kernel.mac.proto.AccessVector;
import org.pmos.kernel.mac.proto.AppDomain;
import org.pmos.kernel.mac.proto.BinaryMacPolicy;
import org.pmos.kernel.mac.proto.SecurityClass;

/** A binary policy loaded and checked: every index in range, every bit a declared permission. Pure. */
public final class MacPolicy {
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final BinaryMacPolicy bin;
    private final Map<String, Integer> domains = new HashMap<>();
    private final Map<String, Integer> types = new HashMap<>();
    private final Map<String, Integer> classes = new HashMap<>();
    private final Map<Long, Long> vectors = new HashMap<>();

    private MacPolicy(BinaryMacPolicy bin) {
        this.bin = bin;
    }

    /** @throws InvalidPolicyException when the bytes are not a well-formed policy of this kernel's format */
    public static MacPolicy load(byte[] bytes) throws InvalidPolicyException {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidPolicyException("policy of " + bytes.length + " bytes is larger than " + MAX_BYTES);
        }
        BinaryMacPolicy bin;
        try {
            bin = BinaryMacPolicy.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidPolicyException("not a binary MAC policy: " + e.getMessage());
        }
        if (!MacPolicyCompiler.FORMAT.equals(bin.getFormat())) {
            throw new InvalidPolicyException("policy format '" + bin.getFormat() + "', expected " + MacPolicyCompiler.FORMAT);
        }
        MacPolicy p = new MacPolicy(bin);
        index(bin.getDomainsList(), p.domains, "domain");
        index(bin.getTypesList(), p.types, "type");
        for (int i = 0; i < bin.getClassesCount(); i++) {
            SecurityClass c = bin.getClasses(i);
            if (c.getPermissionsCount() == 0 || c.getPermissionsCount() > 64 || p.classes.put(c.getName(), i) != null) {
                throw new InvalidPolicyException("class " + c.getName() + " malformed or duplicated");
            }
        }
        for (String d : bin.getDomainsList()) {
            if (!p.types.containsKey(d)) {
                throw new InvalidPolicyException("domain " + d + " is not a type");
            }
        }
        for (AccessVector v : bin.getAllowList()) {
            if (v.getSource() >= bin.getDomainsCount() || v.getTarget() >= bin.getTypesCount()
                    || v.getClassIndex() >= bin.getClassesCount()) {
                throw new InvalidPolicyException("allow rule index out of range");
            }
            int n = bin.getClasses(v.getClassIndex()).getPermissionsCount();
            if (n < 64 && (v.getPermissions() >>> n) != 0) {
                throw new InvalidPolicyException("allow rule grants undeclared permissions");
            }
            if (p.vectors.put(key(v.getSource(), v.getTarget(), v.getClassIndex()), v.getPermissions()) != null) {
                throw new InvalidPolicyException("allow rule duplicated");
            }
        }
        for (String d : bin.getPermissiveList()) {
            if (!p.domains.containsKey(d)) {
                throw new InvalidPolicyException("permissive " + d + " is not a domain");
            }
        }
        for (AppDomain a : bin.getAppDomainsList()) {
            if (!p.domains.containsKey(a.getDomain())) {
                throw new InvalidPolicyException("seapp " + a.getPackageName() + " names unknown domain " + a.getDomain());
            }
        }
        return p;
    }

    private static void index(List<String> names, Map<String, Integer> into, String what) throws InvalidPolicyException {
        for (int i = 0; i < names.size(); i++) {
            if (into.put(names.get(i), i) != null) {
                throw new InvalidPolicyException(what + " " + names.get(i) + " listed twice");
            }
        }
    }

    private static long key(int source, int target, int cls) {
        return ((long) source << 40) | ((long) target << 16) | cls;
    }

    public String sourceSha256Hex() {
        return HexFormat.of().formatHex(bin.getSourceSha256().toByteArray());
    }

    public boolean isPermissive(String domain) {
        return bin.getPermissiveList().contains(domain);
    }

    /** The domain an app package runs in: its own seapp entry, else the {@code *} entry. */
    public Optional<String> appDomain(String packageName) {
        Optional<String> exact = bin.getAppDomainsList().stream().filter(a -> a.getPackageName().equals(packageName))
                .map(AppDomain::getDomain).findFirst();
        return exact.isPresent() ? exact : bin.getAppDomainsList().stream().filter(a -> a.getPackageName().equals("*"))
                .map(AppDomain::getDomain).findFirst();
    }

    /** Pure lookup: granted by an allow rule, or the reason it is not. */
    AccessDecision lookup(String domain, String type, String cls, String perm) {
        Integer s = domains.get(domain);
        if (s == null) {
            return new AccessDecision.Denied(AccessDecision.Reason.UNKNOWN_DOMAIN, "no domain " + domain);
        }
        Integer t = types.get(type);
        if (t == null) {
            return new AccessDecision.Denied(AccessDecision.Reason.UNKNOWN_TYPE, "no type " + type);
        }
        Integer c = classes.get(cls);
        int bit = c == null ? -1 : bin.getClasses(c).getPermissionsList().indexOf(perm);
        if (bit < 0) {
            return new AccessDecision.Denied(AccessDecision.Reason.UNKNOWN_PERMISSION, "no permission " + cls + ":" + perm);
        }
        long granted = vectors.getOrDefault(key(s, t, c), 0L);
        if ((granted & (1L << bit)) != 0) {
            return new AccessDecision.Granted(false);
        }
        return new AccessDecision.Denied(AccessDecision.Reason.NO_ALLOW_RULE,
                "no allow " + domain + " " + type + ":" + cls + " " + perm);
    }
}
