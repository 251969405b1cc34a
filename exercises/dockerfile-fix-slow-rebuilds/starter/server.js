// notifications-api: takes e-mail and SMS notifications from the shop's other
// services and queues them in memory until the sender worker picks them up.
const express = require("express");

const app = express();
app.use(express.json());

const PORT = Number(process.env.PORT ?? 3000);
const CHANNELS = ["email", "sms"];
const notifications = [];

app.get("/health", (req, res) => {
  res.json({ status: "ok" });
});

app.get("/notifications", (req, res) => {
  res.json(notifications);
});

app.post("/notifications", (req, res) => {
  const { channel, to, message } = req.body ?? {};
  if (!CHANNELS.includes(channel) || !to || !message) {
    return res.status(400).json({
      error: "send channel (email or sms), to and message",
    });
  }
  const notification = {
    id: notifications.length + 1,
    channel,
    to,
    message,
    status: "queued",
  };
  notifications.push(notification);
  console.log(`queued ${channel} notification ${notification.id}`);
  res.status(201).json(notification);
});

const server = app.listen(PORT, "0.0.0.0", () => {
  console.log(`notifications-api listening on port ${PORT}`);
});

// `docker stop` sends SIGTERM: finish the requests in flight, then exit.
process.on("SIGTERM", () => {
  console.log("SIGTERM received, shutting down");
  server.close(() => process.exit(0));
});
