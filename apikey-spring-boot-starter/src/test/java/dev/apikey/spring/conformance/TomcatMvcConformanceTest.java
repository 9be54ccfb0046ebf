package dev.apikey.spring.conformance;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The conformance kit against Spring MVC on Tomcat (its server factory chosen by a bean: Jetty is on the classpath too). */
class TomcatMvcConformanceTest extends MvcConformance {

    @Configuration(proxyBeanMethods = false)
    @Import(KitControllers.Application.class)
    static class OnTomcat {
        @Bean
        TomcatServletWebServerFactory tomcat() {
            return new TomcatServletWebServerFactory();
        }
    }

    @Override
    Class<?> application() {
        return OnTomcat.class;
    }

    @Override
    String server() {
        return "Tomcat";
    }
}
