using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace FinalAccounts.Web.Ui;

/// <summary>
/// MudBlazor's own texts (pager, filters, sorting) in Chinese: the portal speaks zh-CN whatever the browser's language.
/// Keys without a translation fall back to MudBlazor's English.
/// </summary>
public sealed class MudTextsZhCn(ILoggerFactory loggerFactory) : AbstractLocalizationInterceptor(loggerFactory)
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_FirstPage"] = "第一页",
        ["MudDataGridPager_InfoFormat"] = "第 {0}–{1} 条，共 {2} 条",
        ["MudDataGridPager_LastPage"] = "最后一页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_RowsPerPage"] = "每页条数：",
        ["MudDataGrid_AddFilter"] = "添加筛选",
        ["MudDataGrid_Apply"] = "应用",
        ["MudDataGrid_Cancel"] = "取消",
        ["MudDataGrid_Clear"] = "清除",
        ["MudDataGrid_ClearFilter"] = "清除筛选",
        ["MudDataGrid_Column"] = "列",
        ["MudDataGrid_Columns"] = "列",
        ["MudDataGrid_Contains"] = "包含",
        ["MudDataGrid_EndsWith"] = "结尾是",
        ["MudDataGrid_Equals"] = "等于",
        ["MudDataGrid_False"] = "否",
        ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGrid_FilterValue"] = "筛选值",
        ["MudDataGrid_Hide"] = "隐藏",
        ["MudDataGrid_HideAll"] = "全部隐藏",
        ["MudDataGrid_Is"] = "是",
        ["MudDataGrid_IsAfter"] = "晚于",
        ["MudDataGrid_IsAnyOf"] = "属于",
        ["MudDataGrid_IsBefore"] = "早于",
        ["MudDataGrid_IsEmpty"] = "为空",
        ["MudDataGrid_IsNot"] = "不是",
        ["MudDataGrid_IsNotEmpty"] = "不为空",
        ["MudDataGrid_IsOnOrAfter"] = "不早于",
        ["MudDataGrid_IsOnOrBefore"] = "不晚于",
        ["MudDataGrid_Loading"] = "正在加载……",
        ["MudDataGrid_NotContains"] = "不包含",
        ["MudDataGrid_NotEquals"] = "不等于",
        ["MudDataGrid_OpenFilters"] = "打开筛选",
        ["MudDataGrid_Operator"] = "条件",
        ["MudDataGrid_RefreshData"] = "刷新",
        ["MudDataGrid_RemoveFilter"] = "删除筛选",
        ["MudDataGrid_Save"] = "保存",
        ["MudDataGrid_ShowAll"] = "全部显示",
        ["MudDataGrid_ShowColumnOptions"] = "列选项",
        ["MudDataGrid_Sort"] = "排序",
        ["MudDataGrid_StartsWith"] = "开头是",
        ["MudDataGrid_True"] = "是",
        ["MudDataGrid_Unsort"] = "取消排序",
        ["MudDataGrid_Value"] = "值",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Decrement"] = "减少",
        ["MudInput_Increment"] = "增加",
        ["MudPagination_CurrentPage"] = "当前页",
        ["MudPagination_FirstPage"] = "第一页",
        ["MudPagination_LastPage"] = "最后一页",
        ["MudPagination_NextPage"] = "下一页",
        ["MudPagination_PreviousPage"] = "上一页",
        ["MudDialog_Close"] = "关闭",
        ["MudSnackbar_Close"] = "关闭",
    };

    public override LocalizedString Handle(string key, params object[] arguments) =>
        Texts.TryGetValue(key, out var text)
            ? new LocalizedString(key, string.Format(CultureInfo.InvariantCulture, text, arguments))
            : Localizer[key, arguments];
}
