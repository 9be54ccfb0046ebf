package com.example;

import dev.apikey.ApiKeys;
import dev.apikey.KeySpec;
import dev.apikey.RequireApiKey;
import java.util.Map;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class SpringBootQuickStart {

    @GetMapping("/secure-data")
    @RequireApiKey
    Map<String, String> secureData() {
        return Map.of("data", "This is secured data");
    }

    /** Try-out only: issues a key at start-up and prints it once (keys are in memory until you add a DataSource). */
    @Bean
    CommandLineRunner printTryOutKey(ApiKeys apiKeys) {
        return args -> System.out.println("try: curl -H 'X-API-Key: "
                + apiKeys.issue(KeySpec.builder("try-out").build()).secret() + "' localhost:8080/secure-data");
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringBootQuickStart.class, args);
    }
}
