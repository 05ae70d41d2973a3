/*
 * sock_diag for UNIX sockets (NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY), one
 * dump with the peer and the bound file of each socket. Without unix_diag in
 * the kernel the dump ends in an error, which the callers treat as "unknown".
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sniffer/sock-diag.h"

static void set_why(char **why, const char *what)
{
	if (why != NULL && *why == NULL)
		*why = g_strdup_printf("sock_diag: %s", what);
}

/* The facts of one socket in the dump. */
static void entry_of(const struct nlmsghdr *h, struct vs_sock_diag_entry *e)
{
	const struct unix_diag_msg *msg = NLMSG_DATA(h);
	int left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*msg)));

	*e = (struct vs_sock_diag_entry){.inode = msg->udiag_ino};
	for (const struct rtattr *attr = (const struct rtattr *)(msg + 1); RTA_OK(attr, left);
	     attr = RTA_NEXT(attr, left)) {
		if (attr->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(attr) >= (int)sizeof(guint32)) {
			e->peer = *(const guint32 *)RTA_DATA(attr);
		} else if (attr->rta_type == UNIX_DIAG_VFS &&
		           RTA_PAYLOAD(attr) >= (int)sizeof(struct unix_diag_vfs)) {
			const struct unix_diag_vfs *vfs = RTA_DATA(attr);

			/* The kernel's dev_t (sb->s_dev): 12 bits major, 20 minor. */
			e->file_inode = vfs->udiag_vfs_ino;
			e->file_major = vfs->udiag_vfs_dev >> 20;
			e->file_minor = vfs->udiag_vfs_dev & 0xfffffu;
		}
	}
}

gboolean vs_sock_diag_unix(guint32 states, vs_sock_diag_func func, gpointer user_data, char **why)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} request = {
	    .nlh = {.nlmsg_len = sizeof(request),
	            .nlmsg_type = SOCK_DIAG_BY_FAMILY,
	            .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	    .req = {.sdiag_family = AF_UNIX,
	            .udiag_states = states,
	            .udiag_show = UDIAG_SHOW_PEER | UDIAG_SHOW_VFS},
	};
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

	if (fd < 0 || sendto(fd, &request, sizeof(request), 0, (struct sockaddr *)&kernel,
	                     sizeof(kernel)) < 0) {
		set_why(why, g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	for (;;) {
		guint32 buf[8192];
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0) {
			set_why(why, n < 0 ? g_strerror(errno) : "no answer");
			break;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)n);
		     h = NLMSG_NEXT(h, n)) {
			struct vs_sock_diag_entry entry;

			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return TRUE;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err = NLMSG_DATA(h);
				g_autofree char *what = g_strdup_printf("%s (is unix_diag loaded?)",
				                                        g_strerror(-err->error));

				set_why(why, what);
				close(fd);
				return FALSE;
			}
			entry_of(h, &entry);
			func(&entry, user_data);
		}
	}
	close(fd);
	return FALSE;
}

gboolean vs_sock_diag_is_file(const struct vs_sock_diag_entry *entry, const struct stat *st)
{
	return entry->file_inode != 0 && entry->file_inode == (guint64)st->st_ino &&
	       entry->file_major == major(st->st_dev) && entry->file_minor == minor(st->st_dev);
}
