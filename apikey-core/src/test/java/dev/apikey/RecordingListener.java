package dev.apikey;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives. */
final class RecordingListener implements VerificationListener {

    final List<VerificationEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onVerification(VerificationEvent event) {
        events.add(event);
    }

    VerificationEvent last() {
        return events.get(events.size() - 1);
    }
}
