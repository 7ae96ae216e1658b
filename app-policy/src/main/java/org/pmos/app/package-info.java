/** APK packages signed with APK Signature Scheme v2/v3, signed policy bundles, and the policy engine. */
package org.pmos.app;
