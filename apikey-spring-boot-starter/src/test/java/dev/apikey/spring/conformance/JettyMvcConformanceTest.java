package dev.apikey.spring.conformance;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The conformance kit against Spring MVC on Jetty (its server factory chosen over Tomcat's, both on the classpath). */
final class JettyMvcConformanceTest extends MvcConformance {

    @Configuration(proxyBeanMethods = false)
    @Import(KitControllers.Application.class)
    static class OnJetty {
        @Bean
        JettyServletWebServerFactory jetty() {
            return new JettyServletWebServerFactory();
        }
    }

    @Override
    Class<?> application() {
        return OnJetty.class;
    }

    @Override
    String server() {
        return "Jetty";
    }
}
