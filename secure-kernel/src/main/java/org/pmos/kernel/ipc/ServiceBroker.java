package org.pmos.kernel.ipc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pmos.kernel.audit.AuditLog;
import org.pmos.kernel.cap.Capability;
import org.pmos.kernel.cap.CapabilityTable;
import org.pmos.kernel.cap.Right;
import org.pmos.kernel.cap.Rights;
import org.pmos.kernel.mac.AccessDecision;
import org.pmos.kernel.mac.ReferenceMonitor;
import org.pmos.kernel.sdk.proto.Reply;
import org.pmos.kernel.sdk.proto.Status;
import org.pmos.kernel.sdk.proto.Transaction;

/**
 * Decodes and authorizes every transaction before any effect (seL4's {@code decodeInvocation}
 * before invoke): the handle must be in the caller's capability table, the method must exist,
 * the capability must carry the method's right, the reference monitor must allow
 * {@code service:call} on the service's type, and the app must hold the method's permission.
 * The first failure is the reply; MAC and permission denials are audited.
 */
public final class ServiceBroker {
    private final ReferenceMonitor monitor;
    private final AuditLog audit;
    private final Map<String, SystemService> services = new LinkedHashMap<>();

    public ServiceBroker(ReferenceMonitor monitor, AuditLog audit, List<SystemService> appServices) {
        this.monitor = monitor;
        this.audit = audit;
        appServices.forEach(s -> services.put(s.name(), s));
    }

    /** A fresh capability table for an app: one handle per app-facing service, read and write, no grant. */
    public Map<String, Integer> grantAppCapabilities(CapabilityTable table) {
        Map<String, Integer> handles = new LinkedHashMap<>();
        for (SystemService s : services.values()) {
            handles.put(s.name(), table.insert(new Capability(s.name(), s.objectType(), Rights.all())
                    .derive(Rights.of(Right.READ, Right.WRITE))));
        }
        return handles;
    }

    public Reply handle(Caller caller, CapabilityTable table, Transaction t) {
        Reply.Builder r;
        try {
            r = authorizeAndInvoke(caller, table, t);
            r.setStatus(Status.OK);
        } catch (ServiceCallException e) {
            r = Reply.newBuilder().setStatus(e.status()).setDetail(e.getMessage());
        }
        return r.setId(t.getId()).build();
    }

    private Reply.Builder authorizeAndInvoke(Caller caller, CapabilityTable table, Transaction t) throws ServiceCallException {
        Optional<Capability> cap = table.lookup(t.getHandle());
        if (cap.isEmpty()) {
            throw new ServiceCallException(Status.INVALID_CAPABILITY, "no capability " + t.getHandle());
        }
        SystemService service = services.get(cap.get().objectId());
        if (service == null) {
            throw new ServiceCallException(Status.INVALID_CAPABILITY, "capability names no service");
        }
        ServiceMethod m = service.method(t.getMethod()).orElseThrow(() ->
                new ServiceCallException(Status.BAD_REQUEST, service.name() + " has no method " + t.getMethod()));
        if (!cap.get().rights().has(m.right())) {
            throw new ServiceCallException(Status.INSUFFICIENT_RIGHTS, service.name() + "." + t.getMethod() + " needs " + m.right());
        }
        AccessDecision d = monitor.check(caller.context(), cap.get().objectType(), "service", "call");
        if (d instanceof AccessDecision.Denied denied) {
            throw new ServiceCallException(Status.MAC_DENIED, denied.reason() + ": " + denied.detail());
        }
        if (m.permission().isPresent() && !caller.permissions().contains(m.permission().get())) {
            audit.record("permission_denied", Map.of("subject", caller.packageName(), "service", service.name(),
                    "method", t.getMethod(), "permission", m.permission().get()));
            throw new ServiceCallException(Status.PERMISSION_DENIED, service.name() + "." + t.getMethod()
                    + " needs " + m.permission().get());
        }
        return service.invoke(caller, t);
    }
}
