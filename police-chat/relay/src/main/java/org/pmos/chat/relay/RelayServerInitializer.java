package org.pmos.chat.relay;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.ssl.SslContext;
import org.pmos.chat.protocol.ClientFrame;
import org.pmos.chat.protocol.RelayFraming;

/** The relay's pipeline, in order: TLS → framing → protobuf codec → a new {@link RelayHandler}. */
final class RelayServerInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext ssl;
    private final RelayServer server;

    RelayServerInitializer(SslContext ssl, RelayServer server) {
        this.ssl = ssl;
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl.newHandler(ch.alloc()));
        p.addLast("frameDecoder", RelayFraming.frameDecoder());
        p.addLast("protobufDecoder", new ProtobufDecoder(ClientFrame.getDefaultInstance()));
        p.addLast("framePrepender", RelayFraming.framePrepender());
        p.addLast("protobufEncoder", new ProtobufEncoder());
        p.addLast("relay", new RelayHandler(server));
    }
}
