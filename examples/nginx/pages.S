/* SPDX-License-Identifier: MIT */
/*
 * nginx's bundled pages (html/ of its source), as they are, for pages.c.
 * .incbin finds them through the library's -I origin/html.
 */
	.section .rodata
	.global nginx_index_html, nginx_index_html_end
	.global nginx_50x_html, nginx_50x_html_end
nginx_index_html:
	.incbin "index.html"
nginx_index_html_end:
nginx_50x_html:
	.incbin "50x.html"
nginx_50x_html_end:

	.section .note.GNU-stack,"",%progbits
