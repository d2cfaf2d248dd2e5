package dev.chatroom;

import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The classes that start Hazelcast nodes, back to back in one surefire fork (pom.xml excludes
 * them from the scan and runs this suite first): with each class on its own, the second fork
 * that took one sat idle on {@link OneClusterAtATime}'s lock while the first ran another.
 * {@code -Dtest=ClusterTest} still runs one alone; the lock stays for such runs.
 */
@Suite
@SelectClasses(names = {
    "dev.chatroom.relay.ClusterV2Test", "dev.chatroom.relay.ClusterTest",
    "dev.chatroom.relay.ClusterTlsTest", "dev.chatroom.bench.ClusterBenchTest"})
class ClusterTests {}
