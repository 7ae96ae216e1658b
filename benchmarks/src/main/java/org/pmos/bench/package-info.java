/** JMH benchmarks and load tools. Results and commands: docs/PERFORMANCE.md. */
package org.pmos.bench;
