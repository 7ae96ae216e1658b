package org.pmos.chat.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.ssl.SslContext;
import org.pmos.chat.protocol.RelayFraming;
import org.pmos.chat.protocol.ServerFrame;

/** The client's pipeline, in order: TLS → framing → protobuf codec → {@link ClientHandler}. */
final class ClientInitializer extends ChannelInitializer<Channel> {
    private final SslContext ssl;
    private final String host;
    private final int port;
    private final ClientHandler handler;

    ClientInitializer(SslContext ssl, String host, int port, ClientHandler handler) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.handler = handler;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl.newHandler(ch.alloc(), host, port));
        p.addLast("frameDecoder", RelayFraming.frameDecoder());
        p.addLast("protobufDecoder", new ProtobufDecoder(ServerFrame.getDefaultInstance()));
        p.addLast("framePrepender", RelayFraming.framePrepender());
        p.addLast("protobufEncoder", new ProtobufEncoder());
        p.addLast("client", handler);
    }
}
