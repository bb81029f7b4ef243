/** Placeholder so the module builds before its code lands. */
package dev.conifer.transfer;
