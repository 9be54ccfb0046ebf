package dev.apikey.spring.conformance;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The conformance kit against a Spring Boot WebFlux application on Netty. */
class NettyWebFluxConformanceTest extends MvcConformance {

    @Configuration(proxyBeanMethods = false)
    @Import({FluxKitControllers.Application.class, NettyServer.class})
    static class OnNetty {}

    @Override
    Class<?> application() {
        return OnNetty.class;
    }

    @Override
    String server() {
        return "Netty";
    }

    @Override
    List<String> extraProperties() {
        return List.of("spring.main.web-application-type=reactive");
    }
}
