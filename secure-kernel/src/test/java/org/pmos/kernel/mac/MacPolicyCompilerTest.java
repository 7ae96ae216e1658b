package org.pmos.kernel.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.pmos.kernel.mac.proto.BinaryMacPolicy;

class MacPolicyCompilerTest {
    private static final String BASE = """
            class service { call }
            class file { read write }
            attribute appdomain;
            domain kernel;
            domain app, appdomain;
            type keys;
            type svc;
            """;

    @Test
    void defaultPolicyCompilesAndLoads() throws Exception {
        BinaryMacPolicy bin = MacPolicyCompiler.compile(MacPolicyCompiler.defaultPolicyText());
        MacPolicy p = MacPolicy.load(bin.toByteArray());
        assertEquals("gov_app", p.appDomain("gov.police.chat").orElseThrow());
        assertTrue(p.lookup("gov_app", "keystore_service", "service", "call").granted());
        assertTrue(!p.lookup("restricted_app", "network_service", "service", "call").granted());
        assertTrue(!p.lookup("gov_app", "admin_service", "service", "call").granted());
        assertEquals(64, p.sourceSha256Hex().length());
    }

    @Test
    void attributesExpandToTheirTypes() throws Exception {
        MacPolicy p = MacPolicy.load(MacPolicyCompiler.compile(BASE + "allow appdomain svc:service call;").toByteArray());
        assertTrue(p.lookup("app", "svc", "service", "call").granted());
        assertTrue(!p.lookup("kernel", "svc", "service", "call").granted());
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of("neverallow violated", BASE + "allow app keys:file read;\nneverallow appdomain keys:file *;", "violated"),
                Arguments.of("unknown type", BASE + "allow app nothere:file read;", "unknown type"),
                Arguments.of("unknown class", BASE + "allow app keys:socket read;", "unknown class"),
                Arguments.of("unknown permission", BASE + "allow app keys:file exec;", "no permission exec"),
                Arguments.of("type as subject", BASE + "allow keys svc:service call;", "not a domain"),
                Arguments.of("duplicate type", BASE + "type keys;", "declared twice"),
                Arguments.of("unknown statement", BASE + "allowx app keys:file read;", "unknown statement"),
                Arguments.of("missing semicolon", BASE + "type more", "unexpected end"),
                Arguments.of("seapp unknown domain", BASE + "seapp * nobody;", "unknown domain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void badPoliciesStopTheBuild(String name, String text, String expected) {
        PolicyCompileException e = assertThrows(PolicyCompileException.class, () -> MacPolicyCompiler.compile(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    }

    @Test
    void loaderRejectsForeignBytes() {
        assertThrows(InvalidPolicyException.class, () -> MacPolicy.load(new byte[] {1, 2, 3}));
        assertThrows(InvalidPolicyException.class,
                () -> MacPolicy.load(BinaryMacPolicy.newBuilder().setFormat("selinux-33").build().toByteArray()));
    }
}
