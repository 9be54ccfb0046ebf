package dev.apikey.spring.conformance;

/**
 * The conformance kit against WebFlux on Netty with Spring Security present and no chain of the application's own
 * (this class runs in the Surefire execution whose classpath has Spring Security): apikey's default reactive chain
 * must leave the HTTP contract exactly as it is without Spring Security.
 */
final class ReactiveSecurityConformanceTest extends NettyWebFluxConformanceTest {}
