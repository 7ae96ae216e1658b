package org.pmos.chat.mls.schedule;

/** One AEAD key and nonce from a hash ratchet, with its generation. */
public record KeyAndNonce(long generation, byte[] key, byte[] nonce) {
    @Override
    public String toString() {
        return "KeyAndNonce[generation=" + generation + ", key hidden]";
    }
}
