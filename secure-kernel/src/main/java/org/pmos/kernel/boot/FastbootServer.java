package org.pmos.kernel.boot;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A handset's fastboot TCP listener on 127.0.0.1: one event loop thread and one worker
 * thread per handset, so several handsets run side by side without sharing anything.
 */
public final class FastbootServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventExecutorGroup worker;
    private final Channel channel;

    private FastbootServer(EventLoopGroup group, EventExecutorGroup worker, Channel channel) {
        this.group = group;
        this.worker = worker;
        this.channel = channel;
    }

    /**
     * Listens on {@code port} (0 for any free port).
     *
     * @param powerActions run after a reboot-type command's reply went out
     */
    public static FastbootServer start(FastbootDevice device, int port, long maxDownloadSize,
                                       Consumer<PowerAction> powerActions) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        // One worker thread runs the bootloader's side (disk writes, verified boot).
        EventExecutorGroup worker = new DefaultEventExecutorGroup(1);
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    // Big reads: download data goes straight from these buffers to the file.
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 << 10, 1 << 20, 4 << 20))
                    .option(ChannelOption.SO_RCVBUF, 4 << 20) // before listen: accepted sockets inherit it with window scaling
                    .childHandler(new FastbootServerInitializer(device, maxDownloadSize, powerActions, worker))
                    .bind("127.0.0.1", port).sync().channel();
            return new FastbootServer(group, worker, ch);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            worker.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // Both at once with a short quiet period: closing connections passes tasks between the two.
        var io = group.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
        var work = worker.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
        io.syncUninterruptibly();
        work.syncUninterruptibly();
    }
}
