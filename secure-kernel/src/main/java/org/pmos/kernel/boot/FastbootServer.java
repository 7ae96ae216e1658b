package org.pmos.kernel.boot;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A handset's fastboot TCP listener on 127.0.0.1: one event loop thread and one worker
 * thread per handset, so several handsets run side by side without sharing anything. On
 * Linux it uses Netty's native epoll transport, so download data is spliced from the socket
 * into the download file in the kernel ({@link DownloadSplicer}); elsewhere NIO.
 */
public final class FastbootServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventExecutorGroup worker;
    private final Channel channel;
    private final ChannelGroup connections;

    private FastbootServer(EventLoopGroup group, EventExecutorGroup worker, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.worker = worker;
        this.channel = channel;
        this.connections = connections;
    }

    /**
     * Listens on {@code port} (0 for any free port).
     *
     * @param powerActions run after a reboot-type command's reply went out
     */
    public static FastbootServer start(FastbootDevice device, int port, long maxDownloadSize,
                                       Consumer<PowerAction> powerActions) throws InterruptedException {
        return start(device, port, maxDownloadSize, powerActions, Epoll.isAvailable());
    }

    /** As {@link #start(FastbootDevice, int, long, Consumer)}, choosing the transport (tests run both). */
    static FastbootServer start(FastbootDevice device, int port, long maxDownloadSize,
                                Consumer<PowerAction> powerActions, boolean nativeEpoll) throws InterruptedException {
        EventLoopGroup group = nativeEpoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        Class<? extends ServerChannel> channelType =
                nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // One worker thread runs the bootloader's side (disk writes, verified boot).
        EventExecutorGroup worker = new DefaultEventExecutorGroup(1);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        FastbootServerInitializer initializer = new FastbootServerInitializer(device, maxDownloadSize, powerActions, worker);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(channelType);
            if (nativeEpoll) {
                bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED); // spliceTo needs it
            }
            Channel ch = bootstrap
                    // Big reads: download data goes straight from these buffers to the file.
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64 << 10, 1 << 20, 4 << 20))
                    .option(ChannelOption.SO_RCVBUF, 4 << 20) // before listen: accepted sockets inherit it with window scaling
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            connections.add(c);
                            c.pipeline().addLast(initializer);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            return new FastbootServer(group, worker, ch, connections);
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
        connections.close().awaitUninterruptibly();
        // The I/O loop first: tearing down a closed connection still hands tasks to the worker.
        group.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
        worker.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
