package org.pmos.chat.mls.group;

import org.pmos.chat.mls.messages.Credential;

/**
 * The caller's decision whether a credential is trusted for the signature key it is bound
 * to (RFC 9420 §5.3.1: the application authenticates credentials, MLS does not). It is asked
 * for every leaf a member learns: joiners' KeyPackages, updates, committers' new leaves and
 * every leaf of a tree received on join.
 */
@FunctionalInterface
public interface CredentialValidator {
    Result validate(Credential credential, byte[] signatureKey);

    /** The verdict: accepted, or rejected with a reason for the audit log. */
    sealed interface Result permits Accepted, Rejected {}

    record Accepted() implements Result {}

    record Rejected(String reason) implements Result {}

    static Result accepted() {
        return new Accepted();
    }

    /**
     * Accepts every credential. Only for the IETF vectors and tests, whose basic credentials
     * carry no trust; never for a real group.
     */
    static CredentialValidator insecureAcceptAll() {
        return (credential, key) -> new Accepted();
    }
}
