package org.pmos.chat.client;

/** An application message as the user sees it: decrypted, authenticated, delivered once. */
public record ChatMessage(byte[] groupId, String senderDevice, byte[] messageId, long sentAtMillis, byte[] body) {
    @Override
    public String toString() {
        return "ChatMessage[from " + senderDevice + ", " + body.length + " bytes]";
    }
}
