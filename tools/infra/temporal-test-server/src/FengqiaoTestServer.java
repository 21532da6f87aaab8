import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

/**
 * Temporal's time-skipping test server, started like io.temporal.testserver.TestServer but with
 * a chosen initial clock (FQ_TEST_SERVER_START_MS, epoch milliseconds; unset or 0 = now).
 * Time skipping only moves forward, so tests of periods across past holidays (the 2026 Spring
 * Festival, seen from late 2026) need a server whose clock starts before them.
 * Usage: FengqiaoTestServer <port> [--enable-time-skipping]
 */
public final class FengqiaoTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: FengqiaoTestServer <port> [--enable-time-skipping]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = args.length > 1 && "--enable-time-skipping".equals(args[1]);
    String start = System.getenv("FQ_TEST_SERVER_START_MS");
    long initialMillis = start == null || start.isEmpty() ? 0L : Long.parseLong(start);
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, initialMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
