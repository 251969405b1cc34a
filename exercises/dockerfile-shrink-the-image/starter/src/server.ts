import Fastify from "fastify";

const app = Fastify({ logger: true });

// Liveness for Docker and Compose healthchecks.
app.get("/health", async () => ({ status: "ok" }));

type Notification = { orderId: string; channel: "email" | "webhook" };
const sent: Notification[] = [];

app.post<{ Body: Notification }>("/notifications", async (req, reply) => {
  sent.push(req.body);
  return reply.code(202).send({ queued: sent.length });
});

const port = Number(process.env.PORT ?? 3000);
// 0.0.0.0, not localhost: inside a container, localhost is unreachable from outside.
app.listen({ host: "0.0.0.0", port }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
