package gov.police.chat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.pmos.kernel.sdk.KernelStream;

/**
 * Joins the chat client's Netty pipeline to the kernel's stream connection: the client
 * connects to a {@link LocalAddress} in this process, and a pump thread moves its bytes to
 * {@code network.send} and what {@code network.receive} brings back into the channel. TLS
 * runs inside, end to end between this app and the relay; the kernel sees ciphertext only.
 * One connection per bridge: when either side closes, both close.
 */
final class StreamBridge implements AutoCloseable {
    /** How long one receive waits in the kernel: the pump's latency when the app is idle. */
    private static final Duration RECEIVE_WAIT = Duration.ofMillis(25);

    private final KernelStream stream;
    private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
    private final LocalAddress address = new LocalAddress("relay-" + System.nanoTime());
    private final Channel server;
    private volatile Channel peer;
    private volatile boolean closed;
    private final Thread pump;

    StreamBridge(KernelStream stream, EventLoopGroup group) throws InterruptedException {
        this.stream = stream;
        this.server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        peer = ctx.channel();
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        try {
                            outgoing.add(ByteBufUtil.getBytes(b));
                        } finally {
                            b.release();
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        close();
                    }
                }).bind(address).sync().channel();
        this.pump = new Thread(this::pump, "kernel-stream");
        pump.setDaemon(true);
        pump.start();
    }

    LocalAddress address() {
        return address;
    }

    boolean isOpen() {
        return !closed;
    }

    private void pump() {
        try {
            while (!closed) {
                for (byte[] out; (out = outgoing.poll()) != null; ) {
                    stream.send(out);
                }
                byte[] in = stream.receive(RECEIVE_WAIT);
                Channel p = peer;
                if (in.length > 0 && p != null) {
                    p.writeAndFlush(Unpooled.wrappedBuffer(in));
                }
                if (stream.isEof()) {
                    break;
                }
            }
        } catch (Exception e) {
            // the kernel closed the stream or the app's channel: the client sees the connection end
        }
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channel p = peer;
        if (p != null) {
            p.close();
        }
        server.close();
        try {
            stream.close();
        } catch (Exception e) {
            // already gone
        }
    }
}
