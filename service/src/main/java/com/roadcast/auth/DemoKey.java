package com.roadcast.auth;

import java.io.PrintStream;

/** The one key made on a first start, so a newcomer can use the API at once. Printed once, never again. */
final class DemoKey {

    private DemoKey() {}

    static void create(ApiKeyStore store, PrintStream console) {
        ApiKeyStore.Created demo = store.create("demo", "internal", Role.ADMIN);
        console.println();
        console.println("================================================================================");
        console.println(" Roadcast created a demo API key (role admin, tier internal). It is shown ONCE:");
        console.println();
        console.println("   " + demo.token());
        console.println();
        console.println(" Only its hash is stored, in the key store: " + store.describe());
        console.println(" Send it as the X-API-Key header. Create more with: keys create --name N --tier T --role R CONFIG");
        console.println("================================================================================");
        console.println();
    }
}
