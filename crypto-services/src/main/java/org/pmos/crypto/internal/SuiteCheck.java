package org.pmos.crypto.internal;

import java.security.GeneralSecurityException;
import org.pmos.crypto.suite.AlgorithmSuite;

/** Refuses a suite the caller's configuration does not approve. */
@FunctionalInterface
public interface SuiteCheck {
    AlgorithmSuite require(AlgorithmSuite suite) throws GeneralSecurityException;
}
