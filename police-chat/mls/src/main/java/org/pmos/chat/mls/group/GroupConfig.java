package org.pmos.chat.mls.group;

/**
 * What a group needs from its caller and does not store: the credential validator, the
 * external PSKs, and whether GroupInfo carries the ratchet tree (in a Welcome).
 */
public record GroupConfig(CredentialValidator credentialValidator, PskStore pskStore, boolean ratchetTreeInWelcome) {
    public GroupConfig {
        java.util.Objects.requireNonNull(credentialValidator, "credentialValidator");
        java.util.Objects.requireNonNull(pskStore, "pskStore");
    }

    public static GroupConfig of(CredentialValidator validator) {
        return new GroupConfig(validator, PskStore.none(), true);
    }
}
