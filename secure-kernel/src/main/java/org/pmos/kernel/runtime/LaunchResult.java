package org.pmos.kernel.runtime;

import org.pmos.app.policy.Decision;
import org.pmos.kernel.sandbox.RunningApp;

/** Whether an app was started, or why the package manager refused it. */
public sealed interface LaunchResult {
    record Started(RunningApp app) implements LaunchResult {}

    record Refused(Decision.Refuse decision) implements LaunchResult {}
}
