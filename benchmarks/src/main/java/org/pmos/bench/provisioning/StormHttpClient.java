package org.pmos.bench.provisioning;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The storm's HTTPS client: HTTP/1.1 keep-alive connections over TLS on one Netty event loop,
 * one request at a time per connection, idle connections reused. The load tool shares the 2
 * cores with the server, so it must cost little per request; the JDK's HttpClient cost more
 * CPU per enrollment than the server's own crypto.
 */
final class StormHttpClient implements AutoCloseable {
    /** A response: status and body. */
    record Response(int status, byte[] body) {}

    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final SSLContext tls;
    private final InetSocketAddress server;
    private final ConcurrentLinkedQueue<Channel> idle = new ConcurrentLinkedQueue<>();

    StormHttpClient(SSLContext tls, InetSocketAddress server) {
        this.tls = tls;
        this.server = server;
    }

    /** Posts {@code json} to {@code path} and waits for the answer (at most a minute). */
    Response post(String path, byte[] json) throws IOException, InterruptedException {
        Channel ch = connection();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        ch.attr(ResponseHandler.PENDING).set(answer);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(json));
        request.headers().set(HttpHeaderNames.HOST, server.getHostString() + ":" + server.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        HttpUtil.setContentLength(request, json.length);
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
            }
        });
        try {
            Response r = answer.get(60, TimeUnit.SECONDS);
            if (ch.isActive()) {
                idle.add(ch);
            }
            return r;
        } catch (ExecutionException e) {
            ch.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no answer within a minute from " + path);
        }
    }

    private Channel connection() throws IOException, InterruptedException {
        for (Channel ch; (ch = idle.poll()) != null; ) {
            if (ch.isActive()) {
                return ch;
            }
        }
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine engine = tls.createSSLEngine(server.getHostString(), server.getPort());
                        engine.setUseClientMode(true);
                        ch.pipeline().addLast(new SslHandler(engine), new HttpClientCodec(),
                                new HttpObjectAggregator(1 << 20), new ResponseHandler());
                    }
                });
        var connect = b.connect(server).await();
        if (!connect.isSuccess()) {
            throw new IOException("cannot connect to " + server + ": " + connect.cause(), connect.cause());
        }
        return connect.channel();
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Completes the connection's pending request with the response, or fails it when the connection drops. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        static final io.netty.util.AttributeKey<CompletableFuture<Response>> PENDING =
                io.netty.util.AttributeKey.valueOf("pending");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            CompletableFuture<Response> f = ctx.channel().attr(PENDING).getAndSet(null);
            if (f != null) {
                f.complete(new Response(msg.status().code(), ByteBufUtil.getBytes(msg.content())));
            }
            if (!HttpUtil.isKeepAlive(msg)) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx, new IOException("connection closed by the server"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause instanceof IOException io ? io : new IOException(cause.toString(), cause));
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx, IOException e) {
            CompletableFuture<Response> f = ctx.channel().attr(PENDING).getAndSet(null);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }
}
