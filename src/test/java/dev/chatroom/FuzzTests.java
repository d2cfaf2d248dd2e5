package dev.chatroom;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The Jazzer classes together in one surefire fork (pom.xml excludes them from the scan):
 * starting Jazzer's agent costs a test JVM 10 to 20 s of CPU, and each fork that ran one of
 * them paid it. {@code -Dtest=RelayFuzzTest} still runs one alone.
 */
@Suite
@SelectClasses(names = {"dev.chatroom.protocol.FrameCodecFuzzTest", "dev.chatroom.relay.RelayFuzzTest"})
class FuzzTests {}
