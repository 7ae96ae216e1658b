package org.pmos.crypto.api;

/** A cryptographic hash function. Stateless: each call hashes one message. */
public interface Hash {
    byte[] digest(byte[] data);

    /** The digest length in bytes. */
    int length();
}
