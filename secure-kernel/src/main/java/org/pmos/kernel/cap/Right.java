package org.pmos.kernel.cap;

/** One right a capability can carry (seL4's read / write / grant, plus call for services). */
public enum Right {
    /** Invoke the object's read-only methods. */
    READ,
    /** Invoke methods that change the object's state. */
    WRITE,
    /** Hand a (possibly weaker) copy on. */
    GRANT
}
