package org.pmos.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.cap.Capability;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.cap.Rights;
import org.pmos.kernel.mac.MacPolicy;
import org.pmos.kernel.mac.MacPolicyCompiler;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/** Every check before any effect: one refusal per status, and the service runs only when all pass. */
class ServiceBrokerTest {
    @TempDir
    static Path dir;
    private AuditLog audit;
    private ServiceBroker broker;
    private final AtomicInteger effects = new AtomicInteger();
    private final CapabilityTable table = new CapabilityTable();
    private Map<String, Integer> handles;

    /** A service of type {@code svc}: {@code get} needs READ, {@code put} WRITE and permission P. */
    private final SystemService service = new SystemService() {
        public String name() {
            return "svc";
        }

        public String objectType() {
            return "svc";
        }

        public Optional<ServiceMethod> method(String name) {
            return switch (name) {
                case "get" -> Optional.of(ServiceMethod.needs(Right.READ));
                case "put" -> Optional.of(ServiceMethod.needs(Right.WRITE, "P"));
                default -> Optional.empty();
            };
        }

        public Reply.Builder invoke(Caller caller, Transaction t) {
            effects.incrementAndGet();
            return Reply.newBuilder();
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        audit = AuditLog.open(dir.resolve("audit-" + System.nanoTime() + ".log"), Clock.systemUTC());
        MacPolicy p = MacPolicy.load(MacPolicyCompiler.compile("""
                class service { call }
                domain allowed;
                domain other;
                type svc;
                allow allowed svc:service call;
                """).toByteArray());
        broker = new ServiceBroker(new ReferenceMonitor(p, audit, true), audit, List.of(service));
        handles = broker.grantAppCapabilities(table);
    }

    @AfterEach
    void tearDown() throws Exception {
        audit.close();
    }

    private Status call(String domain, Set<String> perms, int handle, String method) {
        Reply r = broker.handle(new Caller("gov.test", domain, perms), table,
                Transaction.newBuilder().setId(9).setHandle(handle).setMethod(method).build());
        assertEquals(9, r.getId());
        return r.getStatus();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("INVALID_CAPABILITY", "allowed", Set.of("P"), -1, "get"),
                Arguments.of("BAD_REQUEST", "allowed", Set.of("P"), 0, "nosuchmethod"),
                Arguments.of("INSUFFICIENT_RIGHTS", "allowed", Set.of("P"), 1, "put"),
                Arguments.of("MAC_DENIED", "other", Set.of("P"), 0, "get"),
                Arguments.of("PERMISSION_DENIED", "allowed", Set.of(), 0, "put"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBeforeAnyEffect(String expected, String domain, Set<String> perms, int which, String method) {
        // which: -1 = a handle never handed out, 0 = the granted handle, 1 = a read-only copy of it
        int handle = switch (which) {
            case -1 -> 4242;
            case 0 -> handles.get("svc");
            default -> table.insert(new Capability("svc", "svc", Rights.of(Right.READ)));
        };
        assertEquals(Status.valueOf(expected), call(domain, perms, handle, method));
        assertEquals(0, effects.get());
    }

    @Test
    void grantedWhenEveryCheckPasses() {
        assertEquals(Status.OK, call("allowed", Set.of("P"), handles.get("svc"), "put"));
        assertEquals(Status.OK, call("allowed", Set.of(), handles.get("svc"), "get"));
        assertEquals(2, effects.get());
    }
}
