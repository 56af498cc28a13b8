#ifndef CCURL_H
#define CCURL_H
#include <curl/curl.h>
#include <sys/socket.h>
#include <netinet/in.h>

// Typed wrappers of libcurl's variadic calls, which Swift cannot call directly.

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_write_function(CURL *handle, curl_write_callback callback);
CURLcode ccurl_setopt_opensocket_function(CURL *handle, curl_opensocket_callback callback);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value);

// The address family, and a pointer to the raw address bytes (4 for IPv4, 16 for IPv6)
// of the address curl is about to connect to; NULL for other families.
const unsigned char *ccurl_sockaddr_bytes(const struct curl_sockaddr *address, int *family);

#endif
