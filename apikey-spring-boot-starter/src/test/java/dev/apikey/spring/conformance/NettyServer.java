package dev.apikey.spring.conformance;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A test application's reactive server: Netty (chosen by its factory bean: Tomcat and Jetty are on the classpath
 * too), with event loops of its own — tests run several applications in one JVM, and closing one would stop
 * Reactor Netty's global loops under the others.
 */
@Configuration(proxyBeanMethods = false)
public class NettyServer {

    @Bean
    NettyReactiveWebServerFactory netty() {
        return new NettyReactiveWebServerFactory();
    }

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }
}
