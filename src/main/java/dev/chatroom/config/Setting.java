package dev.chatroom.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Every key the relay config understands, with the JSON type it needs and its env/sysprop names. */
enum Setting {
  HOST("host", Kind.TEXT),
  PORT("port", Kind.WHOLE),
  MAX_FRAME_BYTES("max_frame_bytes", Kind.WHOLE),
  MAX_CONNECTIONS("max_connections", Kind.WHOLE),
  RATE_PER_SECOND("rate_per_second", Kind.NUMBER),
  RATE_BURST("rate_burst", Kind.WHOLE),
  BAD_FRAME_LIMIT("bad_frame_limit", Kind.WHOLE),
  BAD_FRAME_WINDOW_SECONDS("bad_frame_window_seconds", Kind.NUMBER),
  IDLE_TIMEOUT_SECONDS("idle_timeout_seconds", Kind.NUMBER),
  MAX_WRITE_QUEUE_BYTES("max_write_queue_bytes", Kind.WHOLE),
  PRE_JOIN_MAX_FRAME_BYTES("pre_join_max_frame_bytes", Kind.WHOLE),
  JOIN_TIMEOUT_SECONDS("join_timeout_seconds", Kind.NUMBER),
  MAX_CONNECTIONS_PER_ADDRESS("max_connections_per_address", Kind.WHOLE),
  CONNECT_RATE_PER_SECOND("connect_rate_per_second", Kind.NUMBER),
  CONNECT_RATE_BURST("connect_rate_burst", Kind.WHOLE),
  OUTPUT_BUDGET_BYTES("output_budget_bytes", Kind.WHOLE),
  TLS_CERT("tls.cert", Kind.OPTIONAL_TEXT),
  TLS_KEY("tls.key", Kind.OPTIONAL_TEXT),
  ADMIN_HOST("admin.host", Kind.TEXT),
  ADMIN_PORT("admin.port", Kind.WHOLE),
  CLUSTER_ENABLED("cluster.enabled", Kind.BOOLEAN),
  CLUSTER_HOST("cluster.host", Kind.TEXT),
  CLUSTER_PORT("cluster.port", Kind.WHOLE),
  CLUSTER_MEMBERS("cluster.members", Kind.LIST),
  CLUSTER_CONFIG("cluster.config", Kind.OPTIONAL_TEXT),
  // cluster event-bus TLS
  CLUSTER_TLS_CERT("cluster.tls_cert", Kind.OPTIONAL_TEXT),
  CLUSTER_TLS_KEY("cluster.tls_key", Kind.OPTIONAL_TEXT),
  CLUSTER_TLS_CA("cluster.tls_ca", Kind.OPTIONAL_TEXT),
  LOG_FORMAT("log_format", Kind.TEXT),
  STORE("store", Kind.TEXT),
  REGISTRATION_EXPIRY_DAYS("registration_expiry_days", Kind.WHOLE),
  MEMBER_EXPIRY_DAYS("member_expiry_days", Kind.WHOLE),
  MAX_ROOMS_PER_MEMBER("max_rooms_per_member", Kind.WHOLE),
  MAX_ROOM_MEMBERS("max_room_members", Kind.WHOLE),
  HISTORY_MAX_FRAMES_PER_ROOM("history.max_frames_per_room", Kind.WHOLE),
  HISTORY_MAX_AGE_DAYS("history.max_age_days", Kind.WHOLE);

  /** How a string from the environment or a system property is turned into JSON. */
  enum Kind { TEXT, OPTIONAL_TEXT, WHOLE, NUMBER, BOOLEAN, LIST }

  /** Objects that group nested settings in the JSON file. */
  static final java.util.Set<String> GROUPS = java.util.Set.of("tls", "admin", "cluster", "history");

  final String path;
  final Kind kind;

  Setting(String path, Kind kind) {
    this.path = path;
    this.kind = kind;
  }

  /** {@code cluster.members} becomes {@code CHATROOM_CLUSTER_MEMBERS}. */
  String envName() {
    return "CHATROOM_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** {@code cluster.members} becomes {@code chatroom.cluster.members}. */
  String sysName() {
    return "chatroom." + path;
  }

  static Optional<Setting> byPath(String path) {
    return Arrays.stream(values()).filter(s -> s.path.equals(path)).findFirst();
  }

  static Optional<Setting> byEnvName(String name) {
    return Arrays.stream(values()).filter(s -> s.envName().equals(name)).findFirst();
  }

  static Optional<Setting> bySysName(String name) {
    return Arrays.stream(values()).filter(s -> s.sysName().equals(name)).findFirst();
  }
}
