package org.pmos.chat.mls.schedule;

import org.pmos.chat.mls.codec.TlsWriter;
import org.pmos.chat.mls.crypto.MlsCrypto;
import org.pmos.chat.mls.messages.AuthenticatedContent;

/** Confirmed and interim transcript hashes (RFC 9420 §8.2). */
public final class TranscriptHash {
    private TranscriptHash() {}

    public static byte[] confirmed(MlsCrypto c, byte[] interimBefore, AuthenticatedContent commit) {
        byte[] input = commit.confirmedTranscriptInput();
        byte[] all = new byte[interimBefore.length + input.length];
        System.arraycopy(interimBefore, 0, all, 0, interimBefore.length);
        System.arraycopy(input, 0, all, interimBefore.length, input.length);
        return c.hash(all);
    }

    public static byte[] interim(MlsCrypto c, byte[] confirmed, byte[] confirmationTag) {
        byte[] tag = new TlsWriter().opaque(confirmationTag).toByteArray();
        byte[] all = new byte[confirmed.length + tag.length];
        System.arraycopy(confirmed, 0, all, 0, confirmed.length);
        System.arraycopy(tag, 0, all, confirmed.length, tag.length);
        return c.hash(all);
    }

    /** confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash). */
    public static byte[] confirmationTag(MlsCrypto c, byte[] confirmationKey, byte[] confirmed) {
        return c.mac(confirmationKey, confirmed);
    }
}
