package org.pmos.chat.mls;

/**
 * A peer's input was refused, or an operation could not be done; {@link #reason()} says
 * which RFC 9420 rule failed. Subclasses name the operation (processing a message, joining,
 * committing). Messages never contain secret values.
 */
public class MlsException extends Exception {
    public enum Reason {
        MALFORMED_MESSAGE,
        WRONG_GROUP,
        WRONG_EPOCH,
        UNSUPPORTED_CIPHER_SUITE,
        UNSUPPORTED_VERSION,
        UNKNOWN_SENDER,
        SENDER_NOT_ALLOWED,
        SIGNATURE_INVALID,
        MEMBERSHIP_TAG_INVALID,
        CONFIRMATION_TAG_INVALID,
        DECRYPTION_FAILED,
        GENERATION_CONSUMED,
        GENERATION_TOO_FAR_AHEAD,
        INVALID_PADDING,
        INVALID_TREE,
        TREE_HASH_MISMATCH,
        PARENT_HASH_INVALID,
        LEAF_NODE_INVALID,
        KEY_PACKAGE_INVALID,
        CREDENTIAL_REJECTED,
        DUPLICATE_KEY,
        CAPABILITIES_MISSING,
        INVALID_PROPOSAL_LIST,
        UNKNOWN_PROPOSAL_REFERENCE,
        PATH_REQUIRED,
        PATH_INVALID,
        PSK_MISSING,
        NO_MATCHING_KEY_PACKAGE,
        EXTERNAL_COMMIT_INVALID,
        /** The group was reinitialized: its last epoch sends and takes no more messages. */
        REINIT_PENDING,
        /** A Welcome's reinit or branch resumption does not match the group it resumes. */
        RESUMPTION_INVALID,
        WRONG_WIRE_FORMAT
    }

    private final Reason reason;

    public MlsException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
