/* SPDX-License-Identifier: MIT */
/*
 * The page httpreply serves, index.html of this folder as it is, between
 * httpreply_page and httpreply_page_end in the image's read-only data:
 * lwIP sends it from here.
 */
	.section .rodata
	.balign 8
	.global httpreply_page
	.global httpreply_page_end
httpreply_page:
	.incbin "index.html"
httpreply_page_end:

	.section .note.GNU-stack,"",%progbits
