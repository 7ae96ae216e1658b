package org.pmos.kernel.mac;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pmos.kernel.mac.proto.AccessVector;
import org.pmos.kernel.mac.proto.AppDomain;
import org.pmos.kernel.mac.proto.BinaryMacPolicy;
import org.pmos.kernel.mac.proto.SecurityClass;

/**
 * Compiles the readable type-enforcement policy ({@code pmos_policy.te}) into the binary
 * policy the kernel loads ({@link BinaryMacPolicy}, {@code etc/selinux/mac_policy.bin}).
 * Attributes are expanded, every name must be declared, and every {@code neverallow} is
 * checked against the expanded allow rules: a violation stops the build, as AOSP's
 * {@code checkpolicy} does.
 *
 * <pre>
 * class NAME { perm ... }        attribute NAME;
 * domain NAME[, attr ...];       type NAME[, attr ...];
 * allow SRC TGT:CLASS PERMS;     neverallow SRC TGT:CLASS PERMS;   (SRC/TGT: name or { names }; PERMS: name, { perms } or *)
 * permissive DOMAIN;             seapp PACKAGE|* DOMAIN;
 * </pre>
 */
public final class MacPolicyCompiler {
    public static final String FORMAT = "pmos-mac-1";
    /** Where the image build puts the compiled policy in the system filesystem. */
    public static final String IMAGE_PATH = "etc/selinux/mac_policy.bin";

    private final Map<String, List<String>> classes = new LinkedHashMap<>();
    private final Set<String> attributes = new LinkedHashSet<>();
    private final Set<String> domains = new LinkedHashSet<>();
    private final Map<String, Set<String>> typeAttributes = new LinkedHashMap<>();
    private final Map<List<Object>, Long> allow = new LinkedHashMap<>();
    private final List<Rule> neverallows = new ArrayList<>();
    private final Set<String> permissive = new LinkedHashSet<>();
    private final Map<String, String> seapp = new LinkedHashMap<>();

    private record Rule(int line, List<String> sources, List<String> targets, String cls, long perms, String text) {}

    private MacPolicyCompiler() {}

    /** The default policy of the PMOS image. */
    public static String defaultPolicyText() {
        try (var in = MacPolicyCompiler.class.getResourceAsStream("pmos_policy.te")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("pmos_policy.te missing from the kernel jar", e);
        }
    }

    public static BinaryMacPolicy compile(String text) throws PolicyCompileException {
        return new MacPolicyCompiler().run(text);
    }

    /** For the image build: compiles {@code source} and writes the binary policy atomically. */
    public static void compileFile(Path source, Path out) throws IOException, PolicyCompileException {
        byte[] bin = compile(Files.readString(source)).toByteArray();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.write(tmp, bin);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MacPolicyCompiler POLICY.te mac_policy.bin");
            System.exit(2);
        }
        compileFile(Path.of(args[0]), Path.of(args[1]));
    }

    private BinaryMacPolicy run(String text) throws PolicyCompileException {
        PolicyTokens t = new PolicyTokens(text);
        while (!t.done()) {
            int line = t.line();
            String kw = t.next();
            switch (kw) {
                case "class" -> {
                    String name = t.name();
                    List<String> perms = t.nameSet();
                    if (perms.size() > 64 || new LinkedHashSet<>(perms).size() != perms.size()) {
                        throw new PolicyCompileException(line, "class " + name + ": duplicate or more than 64 permissions");
                    }
                    if (classes.put(name, perms) != null) {
                        throw new PolicyCompileException(line, "class " + name + " declared twice");
                    }
                    if (t.peek().equals(";")) {
                        t.next();
                    }
                    continue;
                }
                case "attribute" -> declare(line, attributes, t.name());
                case "domain", "type" -> {
                    String name = t.name();
                    if (typeAttributes.containsKey(name) || attributes.contains(name)) {
                        throw new PolicyCompileException(line, name + " declared twice");
                    }
                    Set<String> attrs = new LinkedHashSet<>();
                    while (t.peek().equals(",")) {
                        t.next();
                        String a = t.name();
                        if (!attributes.contains(a)) {
                            throw new PolicyCompileException(line, "unknown attribute " + a);
                        }
                        attrs.add(a);
                    }
                    typeAttributes.put(name, attrs);
                    if (kw.equals("domain")) {
                        domains.add(name);
                    }
                }
                case "allow", "neverallow" -> {
                    List<String> src = t.nameSet();
                    List<String> tgt = t.nameSet();
                    t.expect(":");
                    String cls = t.name();
                    List<String> perms = classes.get(cls);
                    if (perms == null) {
                        throw new PolicyCompileException(line, "unknown class " + cls);
                    }
                    long bits = permBits(line, cls, perms, t);
                    Rule r = new Rule(line, expand(line, src, true), expand(line, tgt, false), cls, bits,
                            kw + " " + String.join(",", src) + " " + String.join(",", tgt) + ":" + cls);
                    if (kw.equals("allow")) {
                        for (String s : r.sources()) {
                            for (String g : r.targets()) {
                                allow.merge(List.of(s, g, cls), bits, (a, b) -> a | b);
                            }
                        }
                    } else {
                        neverallows.add(r);
                    }
                }
                case "permissive" -> permissive.add(domain(line, t.name()));
                case "seapp" -> {
                    String pkg = t.name();
                    String d = domain(line, t.name());
                    if (seapp.put(pkg, d) != null) {
                        throw new PolicyCompileException(line, "seapp " + pkg + " given twice");
                    }
                }
                default -> throw new PolicyCompileException(line, "unknown statement '" + kw + "'");
            }
            t.expect(";");
        }
        checkNeverallows();
        return build(text);
    }

    private long permBits(int line, String cls, List<String> perms, PolicyTokens t) throws PolicyCompileException {
        if (t.peek().equals("*")) {
            t.next();
            return perms.size() == 64 ? -1L : (1L << perms.size()) - 1;
        }
        long bits = 0;
        for (String p : t.nameSet()) {
            int i = perms.indexOf(p);
            if (i < 0) {
                throw new PolicyCompileException(line, "class " + cls + " has no permission " + p);
            }
            bits |= 1L << i;
        }
        return bits;
    }

    private List<String> expand(int line, List<String> names, boolean subjects) throws PolicyCompileException {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (attributes.contains(n)) {
                typeAttributes.forEach((type, attrs) -> {
                    if (attrs.contains(n)) {
                        out.add(type);
                    }
                });
            } else if (typeAttributes.containsKey(n)) {
                out.add(n);
            } else {
                throw new PolicyCompileException(line, "unknown type or attribute " + n);
            }
        }
        if (subjects) {
            for (String s : out) {
                if (!domains.contains(s)) {
                    throw new PolicyCompileException(line, s + " is not a domain and cannot be a subject");
                }
            }
        }
        return List.copyOf(out);
    }

    private String domain(int line, String name) throws PolicyCompileException {
        if (!domains.contains(name)) {
            throw new PolicyCompileException(line, "unknown domain " + name);
        }
        return name;
    }

    private static void declare(int line, Set<String> set, String name) throws PolicyCompileException {
        if (!set.add(name)) {
            throw new PolicyCompileException(line, name + " declared twice");
        }
    }

    private void checkNeverallows() throws PolicyCompileException {
        for (Rule n : neverallows) {
            for (String s : n.sources()) {
                for (String g : n.targets()) {
                    long granted = allow.getOrDefault(List.of(s, g, n.cls()), 0L);
                    if ((granted & n.perms()) != 0) {
                        throw new PolicyCompileException(n.line(), n.text() + " is violated: an allow rule grants "
                                + s + " " + g + ":" + n.cls());
                    }
                }
            }
        }
    }

    private BinaryMacPolicy build(String text) {
        List<String> domainList = List.copyOf(domains);
        List<String> typeList = new ArrayList<>(domainList);
        typeAttributes.keySet().stream().filter(x -> !domains.contains(x)).forEach(typeList::add);
        List<String> classList = List.copyOf(classes.keySet());
        BinaryMacPolicy.Builder b = BinaryMacPolicy.newBuilder()
                .setFormat(FORMAT)
                .setSourceSha256(ByteString.copyFrom(sha256(text.getBytes(StandardCharsets.UTF_8))))
                .addAllDomains(domainList)
                .addAllTypes(typeList)
                .addAllPermissive(permissive);
        classes.forEach((name, perms) -> b.addClasses(SecurityClass.newBuilder().setName(name).addAllPermissions(perms)));
        allow.forEach((key, bits) -> b.addAllow(AccessVector.newBuilder()
                .setSource(domainList.indexOf((String) key.get(0)))
                .setTarget(typeList.indexOf((String) key.get(1)))
                .setClassIndex(classList.indexOf((String) key.get(2)))
                .setPermissions(bits)));
        seapp.forEach((pkg, d) -> b.addAppDomains(AppDomain.newBuilder().setPackageName(pkg).setDomain(d)));
        return b.build();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
