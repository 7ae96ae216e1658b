/** EROFS system images, dm-verity hash trees, AVB 2.0 vbmeta, boot images, sparse images, factory zip. */
package org.pmos.image;
