import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A help desk's pre-send check: before an agent sends an answer, ask consistency-service what it would raise. The
 * draft is the CloudEvent the help desk is about to publish; the answer is {"ok":true,"findings":[]} or every alert
 * the touch would raise (rule, departments, summary, evidence), to show the agent before they send.
 * Usage: UNISON_TOKEN=<token> java PreSendCheck.java <consistency-service URL>
 */
public class PreSendCheck {
    public static void main(String[] args) throws Exception {
        String consistency = args.length > 0 ? args[0] : "http://localhost:8083";
        String draft = """
                {"specversion": "1.0", "id": "helpdesk-7731", "source": "/helpdesk/billing",
                 "type": "cx.touch.answer-given", "time": "2026-11-25T14:05:00Z",
                 "data": {"customerId": "C-45", "department": "billing", "channel": "email",
                          "direction": "outbound", "question": "refund-window", "answer": "14 days"}}""";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(consistency + "/check"))
                .timeout(Duration.ofSeconds(2)) // a check answers in milliseconds: never hold the agent up
                .header("authorization", "Bearer " + System.getenv("UNISON_TOKEN"))
                .header("content-type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(draft))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println("check failed (" + response.statusCode() + "): " + response.body());
            System.exit(1);
        }
        // a real plug-in reads the JSON with its own library and shows each finding's summary to the agent
        System.out.println(response.body().contains("\"ok\":true") ? "nothing to flag: send it"
                : "before you send, look at: " + response.body());
    }
}
