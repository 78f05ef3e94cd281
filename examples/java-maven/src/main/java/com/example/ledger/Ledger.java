package com.example.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An append-only list of signed amounts, in cents. */
final class Ledger {

    private final List<Long> entries = Collections.synchronizedList(new ArrayList<>());

    static Ledger withSampleEntries() {
        Ledger ledger = new Ledger();
        ledger.post(125_00);
        ledger.post(-19_99);
        ledger.post(4_50);
        return ledger;
    }

    void post(long amountCents) {
        entries.add(amountCents);
    }

    long balanceCents() {
        synchronized (entries) {
            return entries.stream().mapToLong(Long::longValue).sum();
        }
    }
}
