package org.pmos.kernel.ipc;

import java.util.Optional;
import org.pmos.kernel.cap.Right;

/** What a service method needs before it runs: a right on the capability and, maybe, a granted app permission. */
public record ServiceMethod(Right right, Optional<String> permission) {
    public static ServiceMethod needs(Right right) {
        return new ServiceMethod(right, Optional.empty());
    }

    public static ServiceMethod needs(Right right, String permission) {
        return new ServiceMethod(right, Optional.of(permission));
    }
}
